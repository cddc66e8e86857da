// The contract between the dispatcher and anything that carries messages out: SMPP, SMTP, the simulator.
import type { Result } from '../result.ts';
import type { MessageKind } from '../wire/types.ts';

/** One message as a connector needs it: the recipient, the text and who it is from. */
export interface OutboundMessage {
  /** The global message id (SMSC `int_id`); for logs, never sent to the carrier as its id. */
  intId: number;
  /** A normalised phone number (digits) or an e-mail address. */
  address: string;
  kind: MessageKind;
  sender: string;
  subject: string;
  text: string;
}

/** What a carrier answered to a submit: its id for the message, or a final status at once (a rejection). */
export type SubmitOutcome = { carrierId: string } | { final: { status: number; err: number } };

/** A delivery receipt: the final status of the message the carrier knows as `carrierId`. */
export interface Receipt {
  carrierId: string;
  status: number;
  err: number;
}

/** A way out to a carrier; the dispatcher owns the outbox, the connector only talks to its peer. */
export interface Connector {
  /** Stored with each message it took, so receipts and restarts find their messages. */
  readonly name: string;
  /** Hands one message over; a Failure is temporary: the message stays queued and is retried later. */
  submit(message: OutboundMessage): Promise<Result<SubmitOutcome>>;
  /** Registers a handler for every receipt that arrives from now on. */
  onReceipt(handler: (receipt: Receipt) => void): void;
  /** After a restart: the messages this connector took earlier that still wait for a receipt. */
  resume(inFlight: Array<{ carrierId: string; address: string }>): void;
  /** Disconnects and cancels its timers; receipts still pending are not reported. */
  close(): Promise<void>;
}
