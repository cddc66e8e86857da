// The HTTP fuzz run: two real gateways (fuzz-friendly and default limits), cases sent concurrently, each judged by the oracle.
import { Agent, request } from 'node:http';
import type { TestContext } from 'node:test';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { DEFAULT_CONFIG } from '../../src/config.ts';
import { collectGarbage } from '../support/collect-garbage.ts';
import type { TestDatabase } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { generateCase, type CaseContext, type FuzzCase } from './fuzz-case.ts';
import { checkAnswer, outcomeOf, type Answer } from './oracle.ts';
import type { FuzzAccount } from './script-params.ts';

/** Limits high enough that the IP block and error 9 do not mask the script logic of most cases. */
const TUNED_LIMITS = Object.fromEntries(Object.keys(DEFAULT_CONFIG.limits).map((name) => [name, 1_000_000_000])) as unknown as typeof DEFAULT_CONFIG.limits;

/** A hang is a failure: no answer within this time fails the case (the gateway's own request timeout is 30 s). */
const ANSWER_TIMEOUT_MS = 20_000;

/** One gateway under fuzz and the accounts its cases use. */
interface FuzzGateway {
  server: TestServer;
  accounts: FuzzAccount[];
  agent: Agent;
}

/** The two gateways of a run, over fresh databases of one kind. */
export interface FuzzTarget {
  tuned: FuzzGateway;
  default: FuzzGateway;
}

/** A case the oracle refused. */
export interface FuzzFailure {
  fuzzCase: FuzzCase;
  problems: string[];
}

/** What a run did: failures, answers counted per script and per outcome, time and memory. */
export interface FuzzReport {
  cases: number;
  failures: FuzzFailure[];
  /** Outcomes (`ok`, `E1`…, `HTTP 404`) per script, and over all scripts. */
  byScript: Map<string, Map<string, number>>;
  byOutcome: Map<string, number>;
  elapsedMs: number;
  /** Resident memory of the whole test process; its peak follows the collector's timing, so it is only reported. */
  rssStartMb: number;
  rssPeakMb: number;
  /** Heap and external memory still held after a full collection, with no request in flight: after the warm-up cases, and at the end. */
  retainedAfterWarmupMb: number;
  retainedAtEndMb: number;
}

// A rich account, one without money (error 3) and one in test mode (spec §12.1).
const ACCOUNTS = [
  { login: 'fuzzrich', password: 'Fuzz-Rich-S3cret', balance: '10000000' },
  { login: 'fuzzpoor', password: 'Fuzz-Poor-S3cret', balance: '0' },
  { login: 'fuzztest', password: 'Fuzz-Test-S3cret', balance: '100', testMode: true },
];

async function startGateway(t: TestContext, database: TestDatabase, limits: typeof DEFAULT_CONFIG.limits, concurrency: number): Promise<FuzzGateway> {
  const server = await startTestServer(t, database, { limits });
  const accounts: FuzzAccount[] = [];
  for (const { login, password, balance, testMode } of ACCOUNTS) {
    accounts.push({ login, password, apiKey: await server.account(login, { password, balance, testMode }) });
  }
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  t.after(() => agent.destroy());
  return { server, accounts, agent };
}

/** Starts the fuzz-friendly gateway and the default-limits one over `database`. */
export async function startFuzzTarget(t: TestContext, database: TestDatabase, concurrency: number): Promise<FuzzTarget> {
  return {
    tuned: await startGateway(t, database, TUNED_LIMITS, concurrency),
    default: await startGateway(t, database, DEFAULT_CONFIG.limits, concurrency),
  };
}

/** Sends one case; a case whose head is too large gets a connection of its own, since the server closes it. */
function send(gateway: FuzzGateway, fuzzCase: FuzzCase): Promise<Answer> {
  const url = `${gateway.server.url}${fuzzCase.path}${fuzzCase.query ? `?${fuzzCase.query}` : ''}`;
  const agent = fuzzCase.expect.kind === 'headTooLarge' ? false : gateway.agent;
  return new Promise((resolve, reject) => {
    const req = request(url, { method: fuzzCase.method, headers: fuzzCase.headers, agent, signal: AbortSignal.timeout(ANSWER_TIMEOUT_MS) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), bytes: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(fuzzCase.body);
  });
}

const increment = (counts: Map<string, number>, key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
const megabytes = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
const rssMb = () => megabytes(process.memoryUsage().rss);

/** What the process still holds once garbage is gone; the turn between collections lets weak callbacks free external buffers. */
async function retainedMb(): Promise<number> {
  collectGarbage();
  await nextTurn();
  collectGarbage();
  const { heapUsed, external } = process.memoryUsage();
  return megabytes(heapUsed + external);
}

/**
 * Runs the cases numbered `caseNumbers` of run `seed`, `concurrency` at a time; stops early after `maxFailures`.
 * The first `warmupCases` fill the caches, limits and pools to their working size; memory retained after them is
 * the baseline that the end of the run is compared with.
 */
export async function runFuzz(target: FuzzTarget, options: { seed: number; caseNumbers: Iterable<number>; warmupCases: number; concurrency: number; maxFailures: number }): Promise<FuzzReport> {
  // Both gateways run the same routes and body limit; only their limits and accounts differ.
  const { app, config } = target.tuned.server;
  const context: CaseContext = {
    accounts: { tuned: target.tuned.accounts, default: target.default.accounts },
    bodyLimitBytes: config.bodyLimitBytes,
    hasRoute: (method, path) => app.hasRoute({ method: method as 'GET', url: path }),
  };
  const secrets = [target.tuned, target.default].flatMap((g) => g.accounts.flatMap((a) => [a.password, a.apiKey]));
  const report: FuzzReport = {
    cases: 0, failures: [], byScript: new Map(), byOutcome: new Map(), elapsedMs: 0,
    rssStartMb: rssMb(), rssPeakMb: 0, retainedAfterWarmupMb: 0, retainedAtEndMb: 0,
  };
  const started = Date.now();
  const numbers = options.caseNumbers[Symbol.iterator]();
  let taken = 0;

  /** Takes cases until `until` have been taken in all, the numbers run out or too many failed. */
  const worker = async (until: number) => {
    while (taken < until && report.failures.length < options.maxFailures) {
      const next = numbers.next();
      if (next.done) return;
      taken++;
      const fuzzCase = generateCase(options.seed, next.value, context);
      const answer = await send(target[fuzzCase.gateway], fuzzCase).catch((e: unknown) => e as Error);
      const problems = answer instanceof Error ? [`no answer: ${answer.message}`] : checkAnswer(fuzzCase, answer, secrets);
      report.cases++;
      const outcome = answer instanceof Error ? 'no answer' : outcomeOf(answer);
      if (!report.byScript.has(fuzzCase.script)) report.byScript.set(fuzzCase.script, new Map());
      increment(report.byScript.get(fuzzCase.script)!, outcome);
      increment(report.byOutcome, outcome);
      if (problems.length) report.failures.push({ fuzzCase, problems });
      report.rssPeakMb = Math.max(report.rssPeakMb, rssMb());
    }
  };
  const runUntil = (until: number) => Promise.all(Array.from({ length: options.concurrency }, () => worker(until)));
  await runUntil(options.warmupCases);
  report.retainedAfterWarmupMb = await retainedMb();
  await runUntil(Infinity);
  report.elapsedMs = Date.now() - started;
  report.retainedAtEndMb = await retainedMb();
  return report;
}

/** Balance minus the sum of the ledger, per fuzz account, on both gateways: all zero when the books hold. */
export async function ledgerDrift(target: FuzzTarget): Promise<Record<string, number>> {
  const drift: Record<string, number> = {};
  for (const name of ['tuned', 'default'] as const) {
    const { db } = target[name].server.store;
    const sums = await db.selectFrom('ledger').select(['account_id', (eb) => eb.fn.sum<number>('amount_minor').as('sum')]).groupBy('account_id').execute();
    for (const account of await db.selectFrom('accounts').select(['id', 'login', 'balance_minor']).execute()) {
      drift[`${name}/${account.login}`] = account.balance_minor - Number(sums.find((row) => row.account_id === account.id)?.sum ?? 0);
    }
  }
  return drift;
}

/** A failure as one line: the case, how to replay it, and what was wrong. */
export function describeFailure(seed: number, { fuzzCase, problems }: FuzzFailure): string {
  const request = `${fuzzCase.method} ${fuzzCase.path}?${fuzzCase.query.slice(0, 200)}${fuzzCase.body ? ` body ${fuzzCase.body.length} bytes ${JSON.stringify(fuzzCase.body.subarray(0, 200).toString('latin1'))}` : ''}`;
  return `case ${fuzzCase.number} (${fuzzCase.label}, ${fuzzCase.gateway} gateway; replay: FUZZ_SEED=${seed} FUZZ_CASE=${fuzzCase.number}): ${problems.join('; ')}\n    ${request}`;
}
