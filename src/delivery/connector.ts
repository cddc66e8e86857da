// The contract between the dispatcher and anything that carries messages out: SMPP, SMTP, the simulator.
import type { MessageKind } from '../wire/types.ts';

/** One message as a connector needs it: the recipient, the text, who it is from, and how long it may live. */
export interface OutboundMessage {
  /** The global message id (SMSC `int_id`); for logs, never sent to the carrier as its id. */
  intId: number;
  /** A normalised phone number (digits) or an e-mail address. */
  address: string;
  kind: MessageKind;
  sender: string;
  subject: string;
  text: string;
  /** Unix ms when the message's validity ends (SMPP validity_period). */
  expiresAt: number;
}

/** What a carrier answered to a submit. */
export type SubmitOutcome =
  /** Taken: the carrier's id of each part, in part order (one id for a single-part message). */
  | { accepted: string[] }
  /** Ended at once with this status and err (spec §4.3, §4.4): refused for good, or (SMTP) accepted as delivered. */
  | { final: { status: number; err: number } }
  /** Not taken this time (throttled, queue full, link down, timeout): retried with backoff until validity ends. */
  | { retry: string };

/** A delivery receipt: the final status of the part the carrier knows as `carrierId` (already normalised). */
export interface Receipt {
  carrierId: string;
  status: number;
  err: number;
}

/** A way out to a carrier; the dispatcher owns the outbox, the connector only talks to its peer. */
export interface Connector {
  /** Stored with each part it took, so receipts and restarts find their messages. */
  readonly name: string;
  /** True while it can take messages (bound, connected); routing skips a connector that is down. */
  isUp(): boolean;
  /** Hands one message over. Never throws for a peer's behaviour: every answer is a SubmitOutcome. */
  submit(message: OutboundMessage): Promise<SubmitOutcome>;
  /**
   * Registers the handler for every receipt from now on. A connector acknowledges a receipt to its peer only
   * after the handler's promise settles, so a crash before the store commits leaves the receipt to be sent again.
   */
  onReceipt(handler: (receipt: Receipt) => Promise<void>): void;
  /** After a restart: the parts this connector took earlier that still wait for a receipt. */
  resume(inFlight: Array<{ carrierId: string; address: string }>): void;
  /** Disconnects and cancels its timers; receipts still pending are not reported. */
  close(): Promise<void>;
}
