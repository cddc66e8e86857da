// The load generator of every scenario: autocannon, N keep-alive connections of send requests, answers checked.
import autocannon from 'autocannon';
import type { SystemUnderTest } from './system-under-test.ts';

/** autocannon counts a request unanswered for this long as a timeout (a stalled gateway, not a slow one). */
const REQUEST_TIMEOUT_S = 30;
/** Refusals kept verbatim for the report. */
const REFUSAL_EXAMPLES = 3;

/** What to send: request `index` goes to `url(index)`; `accepted` says how many messages its answer took. */
export interface LoadPlan {
  connections: number;
  durationSeconds: number;
  /** The index of the first request, so a warm-up and the measured run never repeat a number or text. */
  firstIndex: number;
  url(index: number): string;
  accepted(status: number, body: string): number;
}

/** The plan of `connections` sending `recipients`-number requests to `system` for `durationSeconds`, from request `firstIndex`. */
export function sendPlan(system: SystemUnderTest, load: { connections: number; recipients: number }, firstIndex: number, durationSeconds: number): LoadPlan {
  return {
    connections: load.connections,
    durationSeconds,
    firstIndex,
    url: (index) => system.sendUrl(index, load.recipients),
    accepted: (status, body) => system.acceptedBy(status, body, load.recipients),
  };
}

/** One load run: its rates, latencies and what the gateway answered. */
export interface LoadResult {
  requests: number;
  requestsPerSecond: number;
  messagesAccepted: number;
  messagesPerSecond: number;
  latencyMedianMs: number;
  latencyP99Ms: number;
  /** Answers that accepted nothing, errors and timeouts. */
  refused: number;
  refusalExamples: string[];
  /** The first index not used, for the next run. */
  nextIndex: number;
}

/** Runs autocannon for `plan.durationSeconds` and checks every answer. */
export async function runLoad(plan: LoadPlan): Promise<LoadResult> {
  const first = new URL(plan.url(plan.firstIndex));
  let next = plan.firstIndex;
  let accepted = 0;
  let refused = 0;
  const refusalExamples: string[] = [];
  const result = await autocannon({
    url: first.origin,
    connections: plan.connections,
    duration: plan.durationSeconds,
    timeout: REQUEST_TIMEOUT_S,
    requests: [{
      setupRequest: (request) => {
        const url = new URL(plan.url(next++));
        return { ...request, method: 'GET', path: url.pathname + url.search };
      },
      onResponse: (status, body) => {
        const messages = plan.accepted(status, body);
        accepted += messages;
        if (messages > 0) return;
        refused += 1;
        if (refusalExamples.length < REFUSAL_EXAMPLES) refusalExamples.push(`${status} ${body.slice(0, 200)}`);
      },
    }],
  });
  const requests = result.requests.total;
  return {
    requests,
    requestsPerSecond: Math.round(requests / result.duration),
    messagesAccepted: accepted,
    messagesPerSecond: Math.round(accepted / result.duration),
    latencyMedianMs: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    refused: refused + result.errors + result.timeouts,
    refusalExamples,
    nextIndex: next,
  };
}

/** Prints what each run's refusals looked like. */
export function printRefusals(runs: { system: string; refusalExamples: string[] }[]): void {
  for (const run of runs) for (const example of run.refusalExamples) process.stdout.write(`refused by ${run.system}: ${example}\n`);
}
