// The dispatcher's receipt side: stores each receipt in order with its part's transfer, sweeps held receipts, counts them.
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

/** Stores one dispatcher's receipts and counts them in its `stats`; a part and its receipt commit one after the other. */
export class ReceiptIntake {
  readonly #store: Store;
  readonly #stats: DispatcherStats;
  readonly #options: ReceiptIntakeOptions;
  #nextSweepAt = 0;
  readonly #applying = new Set<Promise<unknown>>();
  /** The store write in progress per connector and carrier id: a part and its receipt commit one after the other. */
  readonly #writing = new Map<string, Promise<unknown>>();
  /** The loop turn the latest write waits for: each write's turn comes after the one before it (see inOrder). */
  #lastTurn: Promise<void> = Promise.resolve();

  /** Counts into `stats`, the dispatcher's own counters. */
  constructor(store: Store, stats: DispatcherStats, options: ReceiptIntakeOptions) {
    this.#store = store;
    this.#stats = stats;
    this.#options = options;
  }

  /** Resolves once the receipt is committed, so the connector may acknowledge it; rejects when it was not stored. */
  take(connector: string, receipt: Receipt): Promise<void> {
    const applying = this.#applyReceipt(connector, receipt);
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

  /**
   * Runs `write` after the writes in progress for any of `connector`'s `carrierIds`, then on a turn of the event loop
   * of its own. Two transactions that each miss the other's uncommitted row would leave a receipt held until the next
   * sweep; in one process they need not race at all. The turn comes after the previous write's: better-sqlite3 commits
   * synchronously, and a batch's answers or a socket read's receipts arrive together, so one setImmediate each would
   * run all their commits in a single check phase, with no socket read in between (docs/faults.md).
   */
  async inOrder<T>(connector: string, carrierIds: string[], write: () => Promise<T>): Promise<T> {
    const keys = carrierIds.map((carrierId) => `${connector}\n${carrierId}`);
    const before = keys.flatMap((key) => this.#writing.get(key) ?? []);
    const running = Promise.allSettled(before).then(() => this.#takeTurn()).then(write);
    for (const key of keys) this.#writing.set(key, running);
    try {
      return await running;
    } finally {
      for (const key of keys) if (this.#writing.get(key) === running) this.#writing.delete(key);
    }
  }

  /** Resolves on a later turn of the event loop than every turn taken before. */
  #takeTurn(): Promise<void> {
    const turn = this.#lastTurn.then(nextTurn);
    this.#lastTurn = turn;
    return turn;
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
      const store = async () => {
        const now = this.#options.now();
        // Another node's clock may have taken the part: a skew must not make a latency negative.
        const partSettled = (at: number | null) => (latencyMs = at === null ? undefined : Math.max(0, now - at));
        return applyReceipt(this.#store, connector, carrierId, status, err, now, { ...this.#options.finals, partSettled });
      };
      const result = await this.inOrder(connector, [carrierId], store);
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
