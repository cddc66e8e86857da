// The dispatcher: moves due messages from the outbox to a connector, and applies the receipts that come back.
//
// Delivery is at least once. Claiming leases a row and commits before the submit; if the process dies
// between a submit and markTransferred, the lease runs out and the message is submitted again, so a
// crash can duplicate at most one batch. A temporary submit failure keeps the row leased for a backoff
// (intervalMs doubling per attempt, capped at leaseMs) instead of the whole lease.
import type { Store } from '../store/database.ts';
import { applyFinal, claimDue, expireOverdue, listInFlight, markTransferred, releaseLease, type ClaimedMessage } from '../store/outbox.ts';
import { kindOf } from '../wire/kinds.ts';
import { isFailure } from '../result.ts';
import type { Connector, Receipt } from './connector.ts';

/** A pino-compatible logger: static messages, values in the fields object. */
export interface DispatcherLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/** How often and how much the dispatcher claims (see Config.dispatchIntervalMs, dispatchBatchSize, leaseMs). */
export interface DispatcherOptions {
  intervalMs: number;
  batchSize: number;
  leaseMs: number;
  now?: () => number;
  logger?: DispatcherLogger;
}

/** Counters since start, for metrics and tests. */
export interface DispatcherStats {
  /** Messages the connector answered: taken (status 0) or refused at once (final). */
  submitted: number;
  /** Receipts applied to a message. */
  receipts: number;
  /** Receipts that matched no waiting or transferred message (duplicates, unknown ids). */
  unmatchedReceipts: number;
  /** Messages expired because their validity ended. */
  expired: number;
}

/** Runs one outbox loop over one connector; single use: start once, stop once. */
export class Dispatcher {
  readonly stats: DispatcherStats = { submitted: 0, receipts: 0, unmatchedReceipts: 0, expired: 0 };
  readonly #store: Store;
  readonly #connector: Connector;
  readonly #options: Required<Omit<DispatcherOptions, 'logger'>>;
  readonly #logger: DispatcherLogger | undefined;
  #state: 'new' | 'running' | 'stopping' | 'stopped' = 'new';
  #loop: Promise<void> | undefined;
  #stopped: Promise<void> | undefined;
  #resumed = false;
  #wakeRequested = false;
  #endSleep: (() => void) | undefined;
  /** markTransferred writes in progress by carrier id: a fast receipt waits for its row to carry that id. */
  readonly #transferring = new Map<string, Promise<void>>();
  readonly #applyingReceipts = new Set<Promise<void>>();

  constructor(store: Store, connector: Connector, options: DispatcherOptions) {
    this.#store = store;
    this.#connector = connector;
    this.#options = { intervalMs: options.intervalMs, batchSize: options.batchSize, leaseMs: options.leaseMs, now: options.now ?? Date.now };
    this.#logger = options.logger;
  }

  /** Subscribes to receipts, resumes in-flight messages, and starts the loop. */
  start(): void {
    if (this.#state !== 'new') throw new Error(`dispatcher cannot start when ${this.#state}`);
    this.#state = 'running';
    this.#connector.onReceipt((receipt) => this.#onReceipt(receipt));
    this.#loop = this.#run();
  }

  /** Runs an iteration now instead of after the interval (e.g. right after a submission commits). */
  wake(): void {
    this.#wakeRequested = true;
    this.#endSleep?.();
  }

  /** Waits for the current iteration and pending receipt writes, then stops; the connector stays open. */
  stop(): Promise<void> {
    if (this.#state === 'new') this.#state = 'stopped';
    this.#stopped ??= this.#shutdown();
    return this.#stopped;
  }

  async #shutdown(): Promise<void> {
    if (this.#state !== 'running') return;
    this.#state = 'stopping';
    this.#endSleep?.();
    await this.#loop;
    while (this.#applyingReceipts.size > 0) await Promise.all(this.#applyingReceipts);
    this.#state = 'stopped';
  }

  async #run(): Promise<void> {
    while (this.#state === 'running') {
      this.#wakeRequested = false;
      try {
        await this.#iterate();
      } catch (e) {
        this.#logger?.error({ err: e }, 'dispatch iteration failed');
      }
      if (this.#state === 'running' && !this.#wakeRequested) await this.#sleep(this.#options.intervalMs);
    }
  }

  async #iterate(): Promise<void> {
    const { batchSize, leaseMs, now } = this.#options;
    if (!this.#resumed) {
      this.#connector.resume(await listInFlight(this.#store, this.#connector.name));
      this.#resumed = true;
    }
    const expired = await expireOverdue(this.#store, now(), batchSize);
    this.stats.expired += expired;
    const claimed = await claimDue(this.#store, { now: now(), leaseMs, limit: batchSize });
    await Promise.all(claimed.map((message) => this.#deliver(message)));
    // A full batch means more may be due: go again without waiting.
    if (expired === batchSize || claimed.length === batchSize) this.#wakeRequested = true;
  }

  async #deliver(message: ClaimedMessage): Promise<void> {
    const { now } = this.#options;
    const intId = message.int_id;
    try {
      const outcome = await this.#connector.submit({
        intId,
        address: message.phone,
        kind: kindOf(message.kind),
        sender: message.sender,
        subject: message.subject,
        text: message.body,
      });
      if (isFailure(outcome)) {
        this.#logger?.warn({ intId, attempts: message.attempts, err: outcome.err.message }, 'submit failed, will retry');
        await releaseLease(this.#store, intId, now() + this.#backoff(message.attempts));
        return;
      }
      this.stats.submitted += 1;
      if ('final' in outcome) {
        await applyFinal(this.#store, { intId }, { ...outcome.final, now: now() });
        return;
      }
      const { carrierId } = outcome;
      const transfer = markTransferred(this.#store, intId, { connector: this.#connector.name, carrierId, now: now() }).then((changed) => {
        if (!changed) this.#logger?.warn({ intId, carrierId }, 'message left the queue while being submitted');
      });
      this.#transferring.set(carrierId, transfer);
      try {
        await transfer;
      } finally {
        this.#transferring.delete(carrierId);
      }
    } catch (e) {
      // The lease is still held, so the message is retried once it runs out.
      this.#logger?.error({ intId, err: e }, 'delivery of a message failed');
    }
  }

  #backoff(attempts: number): number {
    return Math.min(this.#options.leaseMs, this.#options.intervalMs * 2 ** attempts);
  }

  #onReceipt(receipt: Receipt): void {
    // After stop() the store may be closing; the message stays transferred and is resumed on the next start.
    if (this.#state === 'stopped') return;
    const applying = this.#applyReceipt(receipt).finally(() => this.#applyingReceipts.delete(applying));
    this.#applyingReceipts.add(applying);
  }

  async #applyReceipt(receipt: Receipt): Promise<void> {
    const { carrierId, status, err } = receipt;
    try {
      // Only orders the two writes: #deliver logs a failed transfer, and the receipt then counts as unmatched.
      await this.#transferring.get(carrierId)?.catch(() => {});
      const matched = await applyFinal(this.#store, { connector: this.#connector.name, carrierId }, { status, err, now: this.#options.now() });
      if (matched) this.stats.receipts += 1;
      else this.stats.unmatchedReceipts += 1;
    } catch (e) {
      this.#logger?.error({ carrierId, status, err: e }, 'receipt not applied');
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const end = () => {
        clearTimeout(timer);
        this.#endSleep = undefined;
        resolve();
      };
      const timer = setTimeout(end, ms);
      this.#endSleep = end;
    });
  }
}
