// The dispatcher's receipt side: stores each receipt after its part's transfer, sweeps held receipts, counts them.
import type { Store } from '../store/database.ts';
import { applyReceipt, matchOrphans, orphanCount, type SettleListener } from '../store/receipts.ts';
import type { Receipt } from './connector.ts';
import type { DispatcherEvents, DispatcherLogger, DispatcherStats } from './dispatcher-options.ts';
import { nextTurn } from './next-turn.ts';

/** The dispatcher's resolved settings and hooks that the receipt side uses. */
export interface ReceiptIntakeOptions {
  orphanSweepMs: number;
  orphanHoldMs: number;
  now: () => number;
  /** Hears the final statuses receipts set. */
  finals: SettleListener;
  logger?: DispatcherLogger;
  events?: DispatcherEvents;
}

/**
 * Stores one dispatcher's receipts and counts them in its `stats`. store.write runs writes in the order they were
 * queued, and a receipt is queued a loop turn after it arrived: an SMSC that sends a receipt right behind its
 * submit_sm_resp (in the same socket read, often) would otherwise have it queued before the part's transfer, which
 * is queued only once every part of the message is answered. A receipt that does overtake its part is held in
 * orphan_receipts and matched when the transfer commits, at three more statements.
 */
export class ReceiptIntake {
  readonly #store: Store;
  readonly #stats: DispatcherStats;
  readonly #options: ReceiptIntakeOptions;
  #nextSweepAt = 0;
  readonly #applying = new Set<Promise<unknown>>();
  /** The loop turn the receipts that arrive now wait for; one for all of them. */
  #turn: Promise<void> | undefined;

  /** Counts into `stats`, the dispatcher's own counters. */
  constructor(store: Store, stats: DispatcherStats, options: ReceiptIntakeOptions) {
    this.#store = store;
    this.#stats = stats;
    this.#options = options;
  }

  /** Resolves once the receipt is committed, so the connector may acknowledge it; rejects when it was not stored. */
  take(connector: string, receipt: Receipt): Promise<void> {
    this.#turn ??= nextTurn().finally(() => (this.#turn = undefined));
    const applying = this.#turn.then(() => this.#applyReceipt(connector, receipt));
    const settled = applying.catch(() => {}).finally(() => this.#applying.delete(settled));
    this.#applying.add(settled);
    return applying;
  }

  /** Waits until no receipt write is pending, including those that start meanwhile. */
  async drain(): Promise<void> {
    while (this.#applying.size > 0) await Promise.all(this.#applying);
  }

  /** Matches held receipts again once orphanSweepMs has passed since the last sweep. */
  async sweepIfDue(): Promise<void> {
    const { now } = this.#options;
    if (now() < this.#nextSweepAt) return;
    await this.#sweepOrphans();
    this.#nextSweepAt = now() + this.#options.orphanSweepMs;
  }

  /** Closes the race where a receipt and its part commit at the same moment on PostgreSQL and miss each other. */
  async #sweepOrphans(): Promise<void> {
    const now = this.#options.now();
    const holdFrom = now - this.#options.orphanHoldMs;
    const matched = await matchOrphans(this.#store, holdFrom, now, this.#options.finals);
    if (matched > 0) this.#options.logger?.info({ matched }, 'held receipts matched their parts');
    this.#stats.unmatchedReceipts = await orphanCount(this.#store, holdFrom);
  }

  async #applyReceipt(connector: string, receipt: Receipt): Promise<void> {
    const { carrierId, status, err } = receipt;
    this.#stats.connectors[connector]!.receipts += 1;
    try {
      let latencyMs: number | undefined;
      const now = this.#options.now();
      // Another node's clock may have taken the part: a skew must not make a latency negative.
      const partSettled = (at: number | null) => (latencyMs = at === null ? undefined : Math.max(0, now - at));
      const result = await applyReceipt(this.#store, connector, carrierId, status, err, now, { ...this.#options.finals, partSettled });
      if (result === 'duplicate') this.#stats.duplicateReceipts += 1;
      else if (result === 'orphan') this.#stats.heldReceipts += 1;
      else this.#stats.receipts += 1;
      this.#options.events?.receipt(connector, result, latencyMs);
    } catch (e) {
      this.#options.logger?.error({ connector, carrierId, status, err: e }, 'receipt not stored');
      throw e;
    }
  }
}
