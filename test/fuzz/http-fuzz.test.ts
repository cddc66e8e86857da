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
/** Memory the run may add: a leak of even a few hundred bytes per case shows past this on the dedicated run. */
const MAX_RSS_GROWTH_MB = 400;

function* range(count: number): Generator<number> {
  for (let i = 0; i < count; i++) yield i;
}

const format = (counts: Map<string, number>) => [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([key, n]) => `${key} ${n}`).join(', ');

for (const database of DATABASES) {
  const cases = ONLY_CASES?.length ?? Math.ceil(CASES * SHARE[database.name]!);
  test(`${database.name}: ${cases} fuzz cases of seed ${SEED} answer the SMSC way, and the gateway stays whole`, async (t) => {
    const target = await startFuzzTarget(t, database, CONCURRENCY);
    const report = await runFuzz(target, {
      seed: SEED,
      caseNumbers: ONLY_CASES ?? range(cases),
      concurrency: CONCURRENCY,
      maxFailures: 20,
    });
    t.diagnostic(`seed ${SEED}: ${report.cases} cases in ${report.elapsedMs} ms; RSS ${report.rssStartMb} MB at start, ${report.rssPeakMb} MB at peak`);
    for (const [script, outcomes] of report.byScript) t.diagnostic(`${script}: ${format(outcomes)}`);
    t.diagnostic(`all scripts: ${format(report.byOutcome)}`);

    for (const gateway of [target.tuned, target.default]) {
      const health = await fetch(`${gateway.server.url}/healthz`);
      assert.equal(`${health.status} ${await health.text()}`, '200 ok', 'the gateway still answers /healthz');
    }
    const drift = await ledgerDrift(target);
    assert.deepEqual(Object.entries(drift).filter(([, minor]) => minor !== 0), [], `balance = Σ ledger on every fuzz account: ${JSON.stringify(drift)}`);
    assert.ok(report.rssPeakMb - report.rssStartMb < MAX_RSS_GROWTH_MB, `RSS grew from ${report.rssStartMb} MB to ${report.rssPeakMb} MB`);
    assert.deepEqual(report.failures.map((failure) => describeFailure(SEED, failure)), [], `seed ${SEED}: cases the oracle refused`);
  });
}
