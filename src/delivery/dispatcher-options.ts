// The dispatcher's contract: its options, the logger and events it reports to, and the counters it keeps.
import type { ReceiptResult } from '../store/receipts.ts';

/** A pino-compatible logger: static messages, values in the fields object. */
export interface DispatcherLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/** What the dispatcher reports as it happens, e.g. to metrics; calls must be cheap and must not throw. */
export interface DispatcherEvents {
  /** A message reached `status`: 0 (transferred) or a final one; connector '' when none had it (no route). */
  statusReached(connector: string, status: number): void;
  /** A receipt was stored with `outcome`; `latencyMs` from its part's transfer, when the receipt gave the part its status. */
  receipt(connector: string, outcome: ReceiptResult, latencyMs?: number): void;
}

/** How often and how much the dispatcher claims (see Config.dispatchIntervalMs, dispatchBatchSize, leaseMs). */
export interface DispatcherOptions {
  intervalMs: number;
  batchSize: number;
  leaseMs: number;
  /** How often receipts held without a part are matched again. Default 10 s. */
  orphanSweepMs?: number;
  /** How long a held receipt is matched again; older ones stay stored and count as unmatched. Default 7 days. */
  orphanHoldMs?: number;
  now?: () => number;
  logger?: DispatcherLogger;
  events?: DispatcherEvents;
}

/** What one connector did since start. */
export interface ConnectorStats {
  /** Messages handed to its submit(). */
  submitted: number;
  /** Taken (status 0). */
  accepted: number;
  /** Ended at submit with a final status. */
  rejected: number;
  /** Not taken this time (SubmitOutcome retry). */
  retried: number;
  /** Receipts it reported, whatever became of them. */
  receipts: number;
}

/** Counters since start, for metrics and tests. */
export interface DispatcherStats {
  /** Messages a connector answered: taken (status 0) or ended at once (final). */
  submitted: number;
  /** Receipts that gave a part its status. */
  receipts: number;
  /** Receipts for a part that already had a status. */
  duplicateReceipts: number;
  /** Receipts that arrived before their part was stored, held in orphan_receipts. */
  heldReceipts: number;
  /** Held receipts older than orphanHoldMs, as of the last sweep: kept in the store, never matched. */
  unmatchedReceipts: number;
  /** Messages no route matched: 25/248. */
  noRoute: number;
  /** Messages expired because their validity ended. */
  expired: number;
  /** Per connector, by name. */
  connectors: Record<string, ConnectorStats>;
}
