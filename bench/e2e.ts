// The end-to-end scenario (issue 6 §2): HTTP send → SMPP submit → receipt → final status, sustained, nothing lost.
import { notYet, waitFor } from '../test/support/wait.ts';
import { printRefusals, runLoad, sendPlan } from './load.ts';
import { ProcessMeter } from './process-meter.ts';
import { readScenarioOptions, type ScenarioOptions } from './scenario-options.ts';
import { withOpenSmsc } from './opensmsc-system.ts';
import { summarize } from './stats.ts';
import type { DeliveryProgress, SystemUnderTest } from './system-under-test.ts';
import { printTable } from './table.ts';

const LAG_SAMPLE_MS = 1000;
/** A run's backlog must clear within this (or five times the load, if longer); otherwise it counts as lost. */
const MIN_DRAIN_MS = 120_000;

/** The figures of one end-to-end run. */
export interface EndToEndFigures {
  system: string;
  seconds: number;
  /** Messages whose send request was answered as accepted during the measured load. */
  accepted: number;
  acceptedPerSecond: number;
  /** Messages that reached a final status during the measured load, per second. */
  finalPerSecondDuringLoad: number;
  /** Every message of the run final: accepted / (load + time to clear the backlog). */
  finalPerSecondOverall: number;
  drainSeconds: number;
  /** Queued plus awaiting a receipt, sampled each second during the load: the peak and the value when the load stopped. */
  maxBacklog: number;
  backlogAtEnd: number;
  /** The peaks of each half of the backlog: not yet submitted, and submitted but not yet final. */
  maxQueued: number;
  maxAwaitingReceipt: number;
  /** Submit→receipt latency from the system's own records; null where it keeps none. */
  receiptLatency: ReturnType<typeof summarize> | null;
  /** Accepted but not final, or final but not delivered, once the backlog cleared or the drain time ran out. */
  lost: number;
  /** Still queued or awaiting a receipt then (0 when the run drained). */
  backlogAfterDrain: number;
  refused: number;
  refusalExamples: string[];
  maxRssMb: number;
  cpuUsPerMessage: number;
}

const backlog = (p: DeliveryProgress) => p.queued + p.awaitingReceipt;

/** Waits until every message accepted so far is final and nothing is queued; returns the progress then. */
async function drained(system: SystemUnderTest, finalAtLeast: number, timeoutMs: number): Promise<DeliveryProgress> {
  return waitFor('the backlog to clear', async () => {
    const progress = await system.progress();
    if (progress.final >= finalAtLeast && backlog(progress) === 0) return progress;
    return notYet(`${progress.final} of ${finalAtLeast} final, ${progress.queued} queued, ${progress.awaitingReceipt} awaiting a receipt`);
  }, { timeoutMs, intervalMs: 200 });
}

/** Warms up and lets the warm-up clear, then loads `system` for `e2eSeconds` and follows every message to its final status. */
export async function measureEndToEnd(system: SystemUnderTest, options: ScenarioOptions): Promise<EndToEndFigures> {
  const drainMs = Math.max(MIN_DRAIN_MS, 5_000 * options.e2eSeconds);
  const warmup = await runLoad(sendPlan(system, options, 0, options.warmupSeconds));
  const before = await drained(system, warmup.messagesAccepted, drainMs);

  const meter = new ProcessMeter(system.pids);
  const peaks = { backlog: 0, queued: 0, awaitingReceipt: 0 };
  const recordPeaks = (p: DeliveryProgress) => {
    peaks.backlog = Math.max(peaks.backlog, backlog(p));
    peaks.queued = Math.max(peaks.queued, p.queued);
    peaks.awaitingReceipt = Math.max(peaks.awaitingReceipt, p.awaitingReceipt);
  };
  const sampler = setInterval(() => system.progress().then(recordPeaks, () => {}), LAG_SAMPLE_MS);
  const load = await runLoad(sendPlan(system, options, warmup.nextIndex, options.e2eSeconds));
  clearInterval(sampler);
  const atEnd = await system.progress();
  recordPeaks(atEnd);
  const loadEnded = Date.now();
  const expected = before.final + load.messagesAccepted;
  const after = await drained(system, expected, drainMs).catch(() => system.progress());
  const drainSeconds = (Date.now() - loadEnded) / 1000;
  const { cpuUs, maxRssMb } = meter.stop();
  const final = after.final - before.final;
  const undelivered = after.final - after.delivered - (before.final - before.delivered);
  const latencies = await system.receiptLatenciesMs?.();
  return {
    system: system.name,
    seconds: options.e2eSeconds,
    accepted: load.messagesAccepted,
    acceptedPerSecond: load.messagesPerSecond,
    finalPerSecondDuringLoad: Math.round((atEnd.final - before.final) / options.e2eSeconds),
    finalPerSecondOverall: Math.round(final / (options.e2eSeconds + drainSeconds)),
    drainSeconds: Math.round(drainSeconds * 10) / 10,
    maxBacklog: peaks.backlog,
    backlogAtEnd: backlog(atEnd),
    maxQueued: peaks.queued,
    maxAwaitingReceipt: peaks.awaitingReceipt,
    receiptLatency: latencies ? summarize(latencies) : null,
    // Requests cut off when the load stopped may still have been accepted, so `final` may exceed `accepted`.
    lost: Math.max(0, load.messagesAccepted - final) + undelivered,
    backlogAfterDrain: backlog(after),
    refused: load.refused,
    refusalExamples: load.refusalExamples,
    maxRssMb,
    cpuUsPerMessage: Math.round(cpuUs / Math.max(1, final)),
  };
}

/** Prints end-to-end figures, one row per run. */
export function printEndToEnd(title: string, runs: EndToEndFigures[]): void {
  printTable(title, ['system', 'accepted/s', 'final/s during load', 'final/s overall', 'drain s', 'max backlog (queued / awaiting receipt)', 'backlog at end', 'receipt p50 / p99 ms', 'lost', 'left after drain', 'refused', 'max RSS MB', 'CPU µs/message'],
    runs.map((r) => [r.system, r.acceptedPerSecond, r.finalPerSecondDuringLoad, r.finalPerSecondOverall, r.drainSeconds, `${r.maxBacklog.toLocaleString('en')} (${r.maxQueued.toLocaleString('en')} / ${r.maxAwaitingReceipt.toLocaleString('en')})`, r.backlogAtEnd,
      r.receiptLatency ? `${r.receiptLatency.median} / ${r.receiptLatency.p99}` : 'n/a', r.lost, r.backlogAfterDrain, r.refused, r.maxRssMb, r.cpuUsPerMessage]));
  printRefusals(runs);
}

/** `npm run bench -- e2e [--db postgres] [--duration S]`: OpenSMSC end to end against `opensmsc sim`. */
export async function e2eBench(args: string[]): Promise<object> {
  const options = readScenarioOptions(args);
  const figures = await withOpenSmsc(options, (system) => measureEndToEnd(system, options));
  printEndToEnd(`end to end with receipts: ${options.connections} connections, ${options.e2eSeconds} s after ${options.warmupSeconds} s warm-up`, [figures]);
  return { scenario: 'e2e', date: new Date().toISOString(), options, figures };
}
