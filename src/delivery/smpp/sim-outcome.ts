// How the SMPP simulator ends each message: the shared test-number table, else a seeded outcome mix.
import { CommandStatus } from './smpp-lib.ts';
import type { ReceiptStat } from './receipt-text.ts';
import { testBehaviour, type Behaviour, type FinalStatus } from '../test-numbers.ts';
import { DeliveryError, MessageStatus } from '../../wire/statuses.ts';

/** Relative weights of the outcomes of ordinary addresses; they need not sum to 1. */
export interface OutcomeMix {
  delivered: number;
  undeliverable: number;
  expired: number;
}

const MIX_OUTCOMES: Record<keyof OutcomeMix, FinalStatus> = {
  delivered: { status: MessageStatus.Delivered, err: DeliveryError.None },
  undeliverable: { status: MessageStatus.Undeliverable, err: DeliveryError.SubscriberMissing },
  expired: { status: MessageStatus.Expired, err: DeliveryError.StatusNotReceived },
};

/** Picks each message's behaviour: a test address's from the table, any other address's from the mix. */
export function outcomePicker(mix: OutcomeMix, random: () => number): (destination: string) => Behaviour {
  const entries = Object.entries(mix) as Array<[keyof OutcomeMix, number]>;
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  return (destination) => {
    const known = testBehaviour(destination);
    if (known) return known;
    let roll = random() * total;
    for (const [name, weight] of entries) {
      roll -= weight;
      if (roll < 0) return { receipt: MIX_OUTCOMES[name] };
    }
    return { receipt: MIX_OUTCOMES.delivered };
  };
}

/** The receipt's stat word and message_state TLV value (SMPP 3.4 §5.2.28) of a final SMSC status. */
export function receiptState(final: FinalStatus): { stat: ReceiptStat; messageState: number } {
  switch (final.status) {
    case MessageStatus.Delivered:
      return { stat: 'DELIVRD', messageState: 2 };
    case MessageStatus.Expired:
      return { stat: 'EXPIRED', messageState: 3 };
    case MessageStatus.Prohibited:
      return { stat: 'REJECTD', messageState: 8 };
    default:
      return { stat: 'UNDELIV', messageState: 5 };
  }
}

/** The submit_sm_resp command_status that refuses a message at once (SMPP 3.4 §5.1.3). */
export function rejectionStatus(final: FinalStatus): number {
  return final.status === MessageStatus.InvalidNumber ? CommandStatus.ESME_RINVDSTADR : CommandStatus.ESME_RSUBMITFAIL;
}
