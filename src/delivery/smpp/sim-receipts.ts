// Routes the simulator's deliver_sm receipts to the receiver sessions of a system_id; holds them while none is bound.
import { CommandStatus, newPdu, type PduFields, type SmppSession } from './smpp-lib.ts';

/** Counters of receipts: sent, answered OK, refused by the client, held for later, dropped at the cap. */
export interface ReceiptStats {
  sent: number;
  acked: number;
  refused: number;
  held: number;
  dropped: number;
}

/** How long a receipt the client refused waits before it is sent again. */
export const REFUSED_RECEIPT_RETRY_MS = 1000;

/** Sends receipts round-robin over a system_id's receivers; a receipt unanswered when its session closes is held again. */
export class ReceiptRouter {
  readonly #maxHeld: number;
  readonly #receivers = new Map<string, SmppSession[]>();
  readonly #held = new Map<string, PduFields[]>();
  readonly #unanswered = new Map<SmppSession, { systemId: string; receipts: Set<PduFields> }>();
  #heldCount = 0;
  readonly #stats = { sent: 0, acked: 0, refused: 0, dropped: 0 };
  readonly #retries = new Set<NodeJS.Timeout>();

  /** `maxHeld` caps receipts waiting for a receiver: a client that never binds one cannot grow memory. */
  constructor(maxHeld: number) {
    this.#maxHeld = maxHeld;
  }

  get stats(): ReceiptStats {
    return { ...this.#stats, held: this.#heldCount };
  }

  /** A receiver or transceiver session of `systemId` is bound: it takes receipts from now on, held ones first. */
  addReceiver(systemId: string, session: SmppSession): void {
    this.#receivers.set(systemId, [...(this.#receivers.get(systemId) ?? []), session]);
    this.#unanswered.set(session, { systemId, receipts: new Set() });
    const held = this.#held.get(systemId) ?? [];
    this.#held.delete(systemId);
    this.#heldCount -= held.length;
    for (const receipt of held) this.deliver(systemId, receipt);
  }

  /** The session closed: it takes no more receipts, and those it did not answer wait for another receiver. */
  removeReceiver(session: SmppSession): void {
    const entry = this.#unanswered.get(session);
    if (!entry) return;
    this.#unanswered.delete(session);
    const remaining = (this.#receivers.get(entry.systemId) ?? []).filter((s) => s !== session);
    if (remaining.length > 0) this.#receivers.set(entry.systemId, remaining);
    else this.#receivers.delete(entry.systemId);
    for (const receipt of entry.receipts) this.deliver(entry.systemId, receipt);
  }

  /** Sends one deliver_sm receipt to a receiver of `systemId`, or holds it until one binds. */
  deliver(systemId: string, receipt: PduFields): void {
    const receivers = this.#receivers.get(systemId);
    const session = receivers?.shift();
    if (!receivers || !session) return this.#hold(systemId, receipt);
    receivers.push(session);
    const unanswered = this.#unanswered.get(session)?.receipts;
    unanswered?.add(receipt);
    const sent = session.send(newPdu('deliver_sm', receipt), (response) => {
      unanswered?.delete(receipt);
      if (response.command_status === CommandStatus.ESME_ROK) {
        this.#stats.acked += 1;
        return;
      }
      // A real SMSC sends a refused receipt again later; a client answers ESME_RX_T_APPN exactly for that.
      this.#stats.refused += 1;
      const retry = setTimeout(() => {
        this.#retries.delete(retry);
        this.deliver(systemId, receipt);
      }, REFUSED_RECEIPT_RETRY_MS);
      this.#retries.add(retry);
    });
    if (sent) this.#stats.sent += 1;
    // A session that is no longer writable is about to close; removeReceiver re-routes what it holds.
  }

  /** Cancels the resends of refused receipts; the simulator calls it when it closes. */
  close(): void {
    for (const retry of this.#retries) clearTimeout(retry);
    this.#retries.clear();
  }

  #hold(systemId: string, receipt: PduFields): void {
    if (this.#heldCount >= this.#maxHeld) {
      this.#stats.dropped += 1;
      return;
    }
    const queue = this.#held.get(systemId);
    if (queue) queue.push(receipt);
    else this.#held.set(systemId, [receipt]);
    this.#heldCount += 1;
  }
}
