// The built-in carrier: accepts every message and answers with receipts whose outcome the address decides.
import { randomBytes } from 'node:crypto';
import type { SimulatorConfig } from '../config.ts';
import type { Result } from '../result.ts';
import { DeliveryError, MessageStatus } from '../wire/statuses.ts';
import type { Connector, OutboundMessage, Receipt, SubmitOutcome } from './connector.ts';

type FinalStatus = { status: number; err: number };

/** How the simulated carrier treats an address: refused at submit, a later receipt, or silence. */
type Behaviour = { rejectAtSubmit: FinalStatus } | { receipt: FinalStatus } | 'silent';

/** The test addresses and their outcomes; docs/simulator.md lists the same table. */
const TEST_ADDRESSES: ReadonlyMap<string, Behaviour> = new Map<string, Behaviour>([
  ['79990000020', { receipt: { status: MessageStatus.Undeliverable, err: DeliveryError.SubscriberMissing } }],
  ['79990000022', { rejectAtSubmit: { status: MessageStatus.InvalidNumber, err: DeliveryError.InvalidNumberFormat } }],
  ['79990000023', { receipt: { status: MessageStatus.Prohibited, err: DeliveryError.SpamFilter } }],
  ['79990000025', { rejectAtSubmit: { status: MessageStatus.Unavailable, err: DeliveryError.NoRoute } }],
  ['79990000003', { receipt: { status: MessageStatus.Expired, err: DeliveryError.StatusNotReceived } }],
  ['79990000000', 'silent'],
]);

const UNDELIVERABLE_MAIL_DOMAIN = 'undeliverable.test';

// Deterministic, so that after a restart resume() can re-derive the outcome from the address alone.
function simulatedBehaviour(address: string): Behaviour {
  const known = TEST_ADDRESSES.get(address);
  if (known) return known;
  const at = address.lastIndexOf('@');
  if (at >= 0 && address.slice(at + 1).toLowerCase() === UNDELIVERABLE_MAIL_DOMAIN) {
    return { receipt: { status: MessageStatus.Undeliverable, err: DeliveryError.SubscriberMissing } };
  }
  return { receipt: { status: MessageStatus.Delivered, err: DeliveryError.None } };
}

/** The simulator connector used by `npm start` and the tests. */
export class SimulatorConnector implements Connector {
  readonly name = 'simulator';
  readonly #options: SimulatorConfig;
  readonly #handlers: Array<(receipt: Receipt) => void> = [];
  /** Every pending timer with what to do if close() cancels it. */
  readonly #timers = new Map<NodeJS.Timeout, () => void>();
  #closed = false;

  constructor(options: SimulatorConfig) {
    this.#options = options;
  }

  async submit(message: OutboundMessage): Promise<Result<SubmitOutcome>> {
    if (!(await this.#delay(this.#options.submitDelayMs))) return { err: new Error('simulator closed') };
    const behaviour = simulatedBehaviour(message.address);
    if (behaviour !== 'silent' && 'rejectAtSubmit' in behaviour) return { final: behaviour.rejectAtSubmit };
    // Random, not a counter: ids of messages taken before a restart must not collide with new ones.
    const carrierId = `sim-${randomBytes(8).toString('hex')}`;
    this.#scheduleReceipt(carrierId, behaviour);
    return { carrierId };
  }

  onReceipt(handler: (receipt: Receipt) => void): void {
    this.#handlers.push(handler);
  }

  resume(inFlight: Array<{ carrierId: string; address: string }>): void {
    for (const { carrierId, address } of inFlight) this.#scheduleReceipt(carrierId, simulatedBehaviour(address));
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const [timer, cancel] of this.#timers) {
      clearTimeout(timer);
      cancel();
    }
    this.#timers.clear();
  }

  #scheduleReceipt(carrierId: string, behaviour: Behaviour): void {
    if (behaviour === 'silent' || this.#closed) return;
    // A message refused at submit can only be in flight if it was taken by another build; it ends the same way.
    const final = 'receipt' in behaviour ? behaviour.receipt : behaviour.rejectAtSubmit;
    this.#after(this.#options.receiptDelayMs, () => {
      for (const handler of this.#handlers) handler({ carrierId, ...final });
    }, () => {});
  }

  /** Resolves true after `ms`, or false at once when the simulator is or gets closed. */
  #delay(ms: number): Promise<boolean> {
    if (this.#closed) return Promise.resolve(false);
    return new Promise((resolve) => this.#after(ms, () => resolve(true), () => resolve(false)));
  }

  #after(ms: number, run: () => void, cancel: () => void): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      run();
    }, ms);
    this.#timers.set(timer, cancel);
  }
}
