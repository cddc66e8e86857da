// The dispatcher: routes due messages from the outbox to connectors, and stores the receipts that come back.
//
// Delivery is at least once. Claiming leases a row and commits before the submit; if the process dies
// between a submit and markTransferred, the lease runs out and the message is submitted again, so a
// crash can duplicate at most one batch. A message no connector takes this time stays leased for a backoff
// (intervalMs doubling per attempt, capped at leaseMs and at the end of its validity), then expires as 3/245.
// A receipt may commit before its part (it can overtake submit_sm_resp); it is held and matched later.
import type { Store } from '../store/database.ts';
import { applyFinal, claimDue, expireOverdue, listInFlight, markTransferred, releaseLease, type ClaimedMessage } from '../store/outbox.ts';
import type { SettleListener } from '../store/receipts.ts';
import { kindOf } from '../wire/kinds.ts';
import { DeliveryError, MessageStatus } from '../wire/statuses.ts';
import type { Connector, OutboundMessage, Receipt } from './connector.ts';
import type { DispatcherEvents, DispatcherLogger, DispatcherOptions, DispatcherStats } from './dispatcher-options.ts';
import { nextTurn } from './next-turn.ts';
import { ReceiptIntake } from './receipt-intake.ts';
import type { Router } from './router.ts';


const ORPHAN_SWEEP_MS = 10_000;
const ORPHAN_HOLD_MS = 7 * 24 * 3_600_000;

/** Runs one outbox loop over all connectors; single use: start once, stop once. */
export class Dispatcher {
  readonly stats: DispatcherStats;
  readonly #store: Store;
  readonly #router: Router;
  readonly #connectors: Connector[];
  readonly #options: Required<Omit<DispatcherOptions, 'logger' | 'events'>>;
  readonly #logger: DispatcherLogger | undefined;
  readonly #events: DispatcherEvents | undefined;
  /** Hears the final statuses the store sets without the dispatcher asking for one (receipts, expiry). */
  readonly #finals: SettleListener;
  #state: 'new' | 'running' | 'stopping' | 'stopped' = 'new';
  #loop: Promise<void> | undefined;
  #stopped: Promise<void> | undefined;
  readonly #receipts: ReceiptIntake;
  #resumed = false;
  /** When expireOverdue runs next: once per interval, not on every wake. */
  #nextExpiryAt = 0;
  #wakeRequested = false;
  #endSleep: (() => void) | undefined;

  /** `connectors` are all the router may return; each one's receipts come back through this dispatcher. */
  constructor(store: Store, router: Router, connectors: Connector[], options: DispatcherOptions) {
    this.#store = store;
    this.#router = router;
    this.#connectors = connectors;
    this.#options = {
      intervalMs: options.intervalMs,
      batchSize: options.batchSize,
      leaseMs: options.leaseMs,
      orphanSweepMs: options.orphanSweepMs ?? ORPHAN_SWEEP_MS,
      orphanHoldMs: options.orphanHoldMs ?? ORPHAN_HOLD_MS,
      now: options.now ?? Date.now,
    };
    this.#logger = options.logger;
    this.#events = options.events;
    this.#finals = { messageFinal: (connector, status) => this.#events?.statusReached(connector, status) };
    const perConnector = connectors.map((c) => [c.name, { submitted: 0, accepted: 0, rejected: 0, retried: 0, receipts: 0 }]);
    this.stats = {
      submitted: 0,
      receipts: 0,
      duplicateReceipts: 0,
      heldReceipts: 0,
      unmatchedReceipts: 0,
      noRoute: 0,
      expired: 0,
      connectors: Object.fromEntries(perConnector),
    };
    const { orphanSweepMs, orphanHoldMs, now } = this.#options;
    const hooks = { finals: this.#finals, logger: this.#logger, events: this.#events };
    this.#receipts = new ReceiptIntake(store, this.stats, { orphanSweepMs, orphanHoldMs, now, ...hooks });
  }

  /** Subscribes to every connector's receipts, resumes in-flight parts, and starts the loop. */
  start(): void {
    if (this.#state !== 'new') throw new Error(`dispatcher cannot start when ${this.#state}`);
    this.#state = 'running';
    for (const connector of this.#connectors) connector.onReceipt((receipt) => this.#onReceipt(connector.name, receipt));
    this.#loop = this.#run();
  }

  /** Runs an iteration now instead of after the interval (e.g. right after a submission commits). */
  wake(): void {
    this.#wakeRequested = true;
    this.#endSleep?.();
  }

  /** Waits for the current iteration and pending receipt writes, then stops; the connectors stay open. */
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
    await this.#receipts.drain();
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
      if (this.#state !== 'running') break;
      // better-sqlite3 answers synchronously: without a macrotask turn, back-to-back iterations starve sockets
      // and timers (a restart with a full queue could not even bind its SMPP link; docs/faults.md).
      if (this.#wakeRequested) await nextTurn();
      else await this.#sleep(this.#options.intervalMs);
    }
  }

  async #iterate(): Promise<void> {
    const { batchSize, leaseMs, now } = this.#options;
    if (!this.#resumed) {
      for (const connector of this.#connectors) connector.resume(await listInFlight(this.#store, connector.name));
      this.#resumed = true;
    }
    await this.#receipts.sweepIfDue();
    const expired = await this.#expireIfDue();
    // With every connector down, claiming would only release each message again: wait for a link instead.
    if (!this.#connectors.some((connector) => connector.isUp())) return;
    const claimed = await claimDue(this.#store, { now: now(), leaseMs, limit: batchSize });
    // Concurrent: each connector's window paces its own submits.
    await Promise.all(claimed.map((message) => this.#deliver(message)));
    // A full batch means more may be due: go again without waiting.
    if (expired === batchSize || claimed.length === batchSize) this.#wakeRequested = true;
  }

  /** Expires overdue messages at most once an interval (a busy loop wakes far more often); returns how many. */
  async #expireIfDue(): Promise<number> {
    const { batchSize, intervalMs, now } = this.#options;
    if (now() < this.#nextExpiryAt) return 0;
    const expired = await expireOverdue(this.#store, now(), batchSize, this.#finals);
    this.stats.expired += expired;
    // A full batch means more may be overdue: look again at the next iteration.
    this.#nextExpiryAt = expired === batchSize ? 0 : now() + intervalMs;
    return expired;
  }

  async #deliver(message: ClaimedMessage): Promise<void> {
    const { now } = this.#options;
    const intId = message.int_id;
    try {
      const candidates = this.#router.candidates({ address: message.phone, kind: kindOf(message.kind), mccmnc: message.mccmnc });
      if (candidates.length === 0) {
        this.stats.noRoute += 1;
        const final = { status: MessageStatus.Unavailable, err: DeliveryError.NoRoute, now: now() };
        if (await applyFinal(this.#store, intId, final)) this.#events?.statusReached('', final.status);
        return;
      }
      const connector = candidates.find((c) => c.isUp());
      if (!connector) {
        await this.#retry(message, 'no connector of its route is up');
        return;
      }
      const counters = this.stats.connectors[connector.name]!;
      counters.submitted += 1;
      const outcome = await connector.submit(outbound(message));
      if ('retry' in outcome) {
        counters.retried += 1;
        await this.#retry(message, outcome.retry, connector.name);
        return;
      }
      this.stats.submitted += 1;
      if ('final' in outcome) {
        counters.rejected += 1;
        if (await applyFinal(this.#store, intId, { ...outcome.final, now: now(), connector: connector.name })) {
          this.#events?.statusReached(connector.name, outcome.final.status);
        }
        return;
      }
      counters.accepted += 1;
      // A batch's answers arrive together and commit together, in one group (store.write).
      if (await markTransferred(this.#store, intId, connector.name, outcome.accepted, now(), this.#finals)) {
        this.#events?.statusReached(connector.name, MessageStatus.Transferred);
      } else {
        this.#logger?.warn({ intId, connector: connector.name }, 'message left the queue while being submitted');
      }
    } catch (e) {
      // The lease is still held, so the message is retried once it runs out.
      this.#logger?.error({ intId, err: e }, 'delivery of a message failed');
    }
  }

  /** Keeps the message leased for the backoff, but never past its validity, when expireOverdue takes it. */
  async #retry(message: ClaimedMessage, reason: string, connector?: string): Promise<void> {
    const { intervalMs, leaseMs, now } = this.#options;
    const retryAt = Math.min(now() + Math.min(leaseMs, intervalMs * 2 ** message.attempts), message.expires_at);
    this.#logger?.warn({ intId: message.int_id, connector, attempts: message.attempts, retryAt, reason }, 'message not taken, will retry');
    await releaseLease(this.#store, message.int_id, retryAt);
  }

  /** Resolves once the receipt is committed, so the connector may acknowledge it; rejects when it was not stored. */
  #onReceipt(connector: string, receipt: Receipt): Promise<void> {
    // After stop() the store may be closing: unacknowledged, the receipt is sent again by the carrier.
    if (this.#state === 'stopped') return Promise.reject(new Error('dispatcher stopped'));
    return this.#receipts.take(connector, receipt);
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

function outbound(message: ClaimedMessage): OutboundMessage {
  return {
    intId: message.int_id,
    address: message.phone,
    kind: kindOf(message.kind),
    sender: message.sender,
    subject: message.subject,
    text: message.body,
    expiresAt: message.expires_at,
  };
}
