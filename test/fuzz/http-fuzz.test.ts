// Issue 7, hostile input: seeded fuzz of every SMSC script over real HTTP; never a 5xx, a hang, a leak or an undocumented answer.
// The fast sample runs in npm test; FUZZ_CASES=100000 is the dedicated run, FUZZ_SEED and FUZZ_CASE replay (docs/fuzzing.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DATABASES } from '../support/databases.ts';
import { describeFailure, ledgerDrift, runFuzz, startFuzzTarget } from './http-fuzz.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 7_2025);
const CASES = Number(process.env.FUZZ_CASES ?? 2000);
/** Cases to replay, from failure messages: `FUZZ_CASE=313` or `FUZZ_CASE=313,4077`. */
const ONLY_CASES = process.env.FUZZ_CASE?.split(',').map(Number);
// PostgreSQL answers slower; it gets a quarter of the cases, enough for its own failure modes (e.g. NUL in text).
const SHARE: Record<string, number> = { sqlite: 1, postgres: 0.25 };
const CONCURRENCY = 8;
/**
 * Memory the run may still hold after its warm-up, once garbage is collected. Runs without a leak move by 1-3 MB; a
 * leak of 300 bytes a case shows past this on the dedicated run, one of 16 KB a case on the fast sample.
 */
const MAX_RETAINED_GROWTH_MB = 24;
/** Cases that bring caches, limits and pools to their working size before the baseline is taken. */
const warmupCasesOf = (cases: number) => Math.min(Math.ceil(cases / 10), 5000);

function* range(count: number): Generator<number> {
  for (let i = 0; i < count; i++) yield i;
}

const format = (counts: Map<string, number>) => [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([key, n]) => `${key} ${n}`).join(', ');

for (const database of DATABASES) {
  const cases = ONLY_CASES?.length ?? Math.ceil(CASES * SHARE[database.name]!);
  const warmupCases = warmupCasesOf(cases);
  test(`${database.name}: ${cases} fuzz cases of seed ${SEED} answer the SMSC way, and the gateway stays whole`, async (t) => {
    const target = await startFuzzTarget(t, database, CONCURRENCY);
    const report = await runFuzz(target, {
      seed: SEED,
      caseNumbers: ONLY_CASES ?? range(cases),
      warmupCases,
      concurrency: CONCURRENCY,
      maxFailures: 20,
    });
    t.diagnostic(`seed ${SEED}: ${report.cases} cases in ${report.elapsedMs} ms; RSS ${report.rssStartMb} MB at start, ${report.rssPeakMb} MB at peak`);
    t.diagnostic(`retained after a full collection: ${report.retainedAfterWarmupMb} MB after ${warmupCases} warm-up cases, ${report.retainedAtEndMb} MB at the end`);
    for (const [script, outcomes] of report.byScript) t.diagnostic(`${script}: ${format(outcomes)}`);
    t.diagnostic(`all scripts: ${format(report.byOutcome)}`);

    for (const gateway of [target.tuned, target.default]) {
      const health = await fetch(`${gateway.server.url}/healthz`);
      assert.equal(`${health.status} ${await health.text()}`, '200 ok', 'the gateway still answers /healthz');
    }
    const drift = await ledgerDrift(target);
    assert.deepEqual(Object.entries(drift).filter(([, minor]) => minor !== 0), [], `balance = Σ ledger on every fuzz account: ${JSON.stringify(drift)}`);
    const growth = report.retainedAtEndMb - report.retainedAfterWarmupMb;
    assert.ok(growth < MAX_RETAINED_GROWTH_MB, `retained memory grew ${growth.toFixed(1)} MB after the warm-up: ${report.retainedAfterWarmupMb} → ${report.retainedAtEndMb} MB`);
    assert.deepEqual(report.failures.map((failure) => describeFailure(SEED, failure)), [], `seed ${SEED}: cases the oracle refused`);
  });
}
