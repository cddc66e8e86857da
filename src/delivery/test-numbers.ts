// The deterministic test addresses both simulators share (docs/simulator.md "Test addresses").
import { DeliveryError, MessageStatus } from '../wire/statuses.ts';

/** A final SMSC status and err code (spec §4.3, §4.4). */
export type FinalStatus = { status: number; err: number };

/** How the simulated carrier treats an address: refused at submit, a later receipt, or silence. */
export type Behaviour = { rejectAtSubmit: FinalStatus } | { receipt: FinalStatus } | 'silent';

/** The test addresses and their outcomes; docs/simulator.md lists the same table. */
export const TEST_ADDRESSES: ReadonlyMap<string, Behaviour> = new Map<string, Behaviour>([
  ['79990000020', { receipt: { status: MessageStatus.Undeliverable, err: DeliveryError.SubscriberMissing } }],
  ['79990000022', { rejectAtSubmit: { status: MessageStatus.InvalidNumber, err: DeliveryError.InvalidNumberFormat } }],
  ['79990000023', { receipt: { status: MessageStatus.Prohibited, err: DeliveryError.SpamFilter } }],
  ['79990000025', { rejectAtSubmit: { status: MessageStatus.Unavailable, err: DeliveryError.NoRoute } }],
  ['79990000003', { receipt: { status: MessageStatus.Expired, err: DeliveryError.StatusNotReceived } }],
  ['79990000000', 'silent'],
]);

const UNDELIVERABLE_MAIL_DOMAIN = 'undeliverable.test';

/** The outcome of a test address, or undefined for any other address. */
export function testBehaviour(address: string): Behaviour | undefined {
  const known = TEST_ADDRESSES.get(address);
  if (known) return known;
  const at = address.lastIndexOf('@');
  if (at >= 0 && address.slice(at + 1).toLowerCase() === UNDELIVERABLE_MAIL_DOMAIN) {
    return { receipt: { status: MessageStatus.Undeliverable, err: DeliveryError.SubscriberMissing } };
  }
  return undefined;
}
