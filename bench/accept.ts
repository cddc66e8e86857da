// The accept scenario (issue 6 §1): how fast a gateway takes send requests from 50 keep-alive connections.
import { printRefusals, runLoad, sendPlan } from './load.ts';
import { ProcessMeter } from './process-meter.ts';
import { readScenarioOptions, type ScenarioOptions } from './scenario-options.ts';
import { withOpenSmsc } from './opensmsc-system.ts';
import type { SystemUnderTest } from './system-under-test.ts';
import { printTable } from './table.ts';

/** The figures of one accept run. */
export interface AcceptFigures {
  system: string;
  recipients: number;
  seconds: number;
  requests: number;
  requestsPerSecond: number;
  messagesPerSecond: number;
  latencyMedianMs: number;
  latencyP99Ms: number;
  refused: number;
  refusalExamples: string[];
  maxRssMb: number;
  cpuUsPerMessage: number;
}

/** Warms `system` up, then loads it for `acceptSeconds` and meters its processes meanwhile. */
export async function measureAccept(system: SystemUnderTest, options: ScenarioOptions): Promise<AcceptFigures> {
  const warmup = await runLoad(sendPlan(system, options, 0, options.warmupSeconds));
  const meter = new ProcessMeter(system.pids);
  const load = await runLoad(sendPlan(system, options, warmup.nextIndex, options.acceptSeconds));
  const { cpuUs, maxRssMb } = meter.stop();
  return {
    system: system.name,
    recipients: options.recipients,
    seconds: options.acceptSeconds,
    requests: load.requests,
    requestsPerSecond: load.requestsPerSecond,
    messagesPerSecond: load.messagesPerSecond,
    latencyMedianMs: load.latencyMedianMs,
    latencyP99Ms: load.latencyP99Ms,
    refused: load.refused,
    refusalExamples: load.refusalExamples,
    maxRssMb,
    cpuUsPerMessage: Math.round(cpuUs / Math.max(1, load.messagesAccepted)),
  };
}

/** Prints accept figures, one row per run. */
export function printAccept(title: string, runs: AcceptFigures[]): void {
  printTable(title, ['system', 'recipients', 'requests/s', 'messages/s', 'median ms', 'p99 ms', 'refused', 'max RSS MB', 'CPU µs/message'],
    runs.map((r) => [r.system, r.recipients, r.requestsPerSecond, r.messagesPerSecond, r.latencyMedianMs, r.latencyP99Ms, r.refused, r.maxRssMb, r.cpuUsPerMessage]));
  printRefusals(runs);
}

/** `npm run bench -- accept [--db postgres] [--recipients 100] [--carrier down] [--duration S]`: OpenSMSC's accept rate. */
export async function acceptBench(args: string[]): Promise<object> {
  const options = readScenarioOptions(args);
  const figures = await withOpenSmsc(options, (system) => measureAccept(system, options), options.carrier);
  const carrier = options.carrier === 'up' ? 'delivering meanwhile' : 'carrier down';
  printAccept(`accept: send.php, ${options.connections} connections, ${options.acceptSeconds} s after ${options.warmupSeconds} s warm-up, ${carrier}`, [figures]);
  return { scenario: 'accept', date: new Date().toISOString(), options, figures };
}
