// A gateway stopped with a large backlog starts again with the carrier up: all delivered, memory bounded (docs/faults.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SmscSimulator } from '../../src/delivery/smpp/smsc-simulator.ts';
import { openStore, type Store } from '../../src/store/database.ts';
import { startGatewayProcess, type GatewayProcess } from '../support/gateway-process.ts';
import { PRICE_MINOR, faultConfig, openAccount, sendBurst, writeConfigFile, type Burst, type FaultTuning } from './fault-gateway.ts';
import { checkInvariants, statusCounts } from './invariants.ts';

const BURST: Burst = { requests: 500, perRequest: 100, concurrency: 4, tag: 'backlog' };
const MESSAGES = BURST.requests * BURST.perRequest;
const OPENING_MINOR = MESSAGES * PRICE_MINOR + 4_242;
// Durability is not under test here (nothing is killed); NORMAL keeps 50,000 transfers and receipts within the budget.
const TUNING: FaultTuning = { window: 200, sqliteSynchronous: 'NORMAL' };
// Claims, the window and receipts in hand are all capped, so the backlog's size must not show in memory. With its heap
// capped, the gateway would die of it if it did; and its resident memory stays under a fixed bound (docs/faults.md).
const HEAP_LIMIT_MB = 128;
const RSS_BOUND_KB = 320 * 1024;
const RSS_SAMPLE_MS = 250;
const DRAIN_TIMEOUT_MS = 240_000;

/** A loopback port nothing listens on: the carrier of the first run is down. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address ? address.port : 0;
}

/** VmRSS of process `pid` in kB, from /proc/<pid>/status. */
function residentKb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Number(line?.match(/\d+/)?.[0] ?? 0);
}

/** Samples the RSS of `gateway` every RSS_SAMPLE_MS until stopped; returns the peak. */
function sampleRss(gateway: GatewayProcess): { stop(): number } {
  let peak = residentKb(gateway.pid);
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, residentKb(gateway.pid));
    } catch {
      // The process is gone; the drain check reports why.
    }
  }, RSS_SAMPLE_MS);
  return {
    stop() {
      clearInterval(timer);
      return peak;
    },
  };
}

test(`sqlite: restart with ${MESSAGES} waiting messages: all delivered once, memory bounded`, { timeout: 400_000 }, async (t) => {
  let gateway: GatewayProcess | undefined;
  t.after(() => gateway?.sigkill());
  const dir = mkdtempSync(join(tmpdir(), 'opensmsc-backlog-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const db = join(dir, 'gateway.sqlite');
  const store: Store = await openStore(db, { sqliteSynchronous: 'NORMAL' });
  t.after(() => store.close());
  await openAccount(store, OPENING_MINOR);
  const figures: Record<string, unknown> = { messages: MESSAGES, window: TUNING.window };
  t.after(() => console.log(`backlog test figures: ${JSON.stringify(figures)}`));

  // The first run: the carrier is down, so every message waits.
  gateway = await startGatewayProcess(t, { db, configFile: writeConfigFile(dir, faultConfig(await deadPort(), TUNING)) });
  let started = Date.now();
  assert.equal(await sendBurst(gateway.url, BURST), MESSAGES);
  figures.intakeMs = Date.now() - started;
  assert.equal(await gateway.stop(), 0, 'the gateway stops cleanly on SIGTERM');
  assert.deepEqual(await statusCounts(store), { waiting: MESSAGES, transferred: 0, final: 0 });

  // The second run: the carrier is up.
  const simulator = new SmscSimulator({ submitLatencyMs: 1, receiptDelayMs: 100, logLimit: MESSAGES * 2 });
  t.after(() => simulator.close());
  const configFile = writeConfigFile(dir, faultConfig(await simulator.listen(0, '127.0.0.1'), TUNING));
  started = Date.now();
  gateway = await startGatewayProcess(t, { db, configFile, nodeOptions: [`--max-old-space-size=${HEAP_LIMIT_MB}`] });
  figures.restartMs = Date.now() - started;
  const idleKb = residentKb(gateway.pid);
  const rss = sampleRss(gateway);
  let peakKb: number;
  try {
    const invariants = await checkInvariants(store, simulator, { accepted: MESSAGES, duplicateBound: 0, finalWithinMs: DRAIN_TIMEOUT_MS });
    figures.invariants = invariants;
  } finally {
    peakKb = rss.stop();
    figures.drainMs = Date.now() - started;
    figures.rssKb = { idle: idleKb, peak: peakKb, heapLimitMb: HEAP_LIMIT_MB };
  }
  assert.ok(peakKb <= RSS_BOUND_KB, `peak RSS ${peakKb} kB ≤ ${RSS_BOUND_KB} kB while draining`);
  const [account] = await store.db.selectFrom('accounts').select('balance_minor').execute();
  assert.equal(account?.balance_minor, OPENING_MINOR - MESSAGES * PRICE_MINOR);
});
