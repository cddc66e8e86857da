// The disk holding the SQLite file fills up while the gateway works, then space returns (docs/faults.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { SmscSimulator } from '../../src/delivery/smpp/smsc-simulator.ts';
import { errorFrom } from '../../src/result.ts';
import { openStore, type Store } from '../../src/store/database.ts';
import { startGatewayProcess, type GatewayProcess } from '../support/gateway-process.ts';
import { callSmsc } from '../support/smsc-client.ts';
import { AUTH, PRICE_MINOR, burstPhones, faultConfig, openAccount, sendBurst, writeConfigFile, type Burst } from '../faults/fault-gateway.ts';
import { checkInvariants } from '../faults/invariants.ts';

const DISK = '8m';
const WINDOW = 50;
const BEFORE: Burst = { requests: 6, perRequest: 50, concurrency: 2, tag: 'before the disk filled' };
// Sent one by one once the disk is full, until one is refused: the WAL may still have room for a few.
const WHILE_FULL: Burst = { requests: 100, perRequest: 100, concurrency: 1, first: 100_000, tag: 'while the disk is full' };
const AFTER: Burst = { requests: 4, perRequest: 50, concurrency: 2, first: 200_000, tag: 'after space returned' };
const OPENING_MINOR = 10_000_000;
const UNAVAILABLE = 'service unavailable, try again';

/** Mounts a tmpfs of DISK at a new directory; undefined (and why) where mounting is not permitted. */
function mountSmallDisk(): { dir: string } | { reason: string } {
  const dir = mkdtempSync(join(tmpdir(), 'opensmsc-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${DISK}`, 'tmpfs', dir], { stdio: 'pipe' });
    return { dir };
  } catch (thrown) {
    rmSync(dir, { recursive: true, force: true });
    return { reason: `cannot mount a ${DISK} tmpfs (needs root or CAP_SYS_ADMIN): ${errorFrom(thrown).message.split('\n')[0]}` };
  }
}

/** Writes zeros to `path` until the disk refuses more; returns the octets written. */
function fillDisk(path: string): number {
  const fd = openSync(path, 'w');
  let written = 0;
  try {
    for (const size of [1 << 20, 1 << 12, 1]) {
      const chunk = Buffer.alloc(size);
      for (;;) {
        try {
          written += writeSync(fd, chunk);
        } catch (thrown) {
          if ((thrown as NodeJS.ErrnoException).code !== 'ENOSPC') throw thrown;
          break;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
  return written;
}

test('sqlite: disk full: a clear 503, no corruption, intake again once space returns, nothing lost', { timeout: 120_000 }, async (t) => {
  const disk = mountSmallDisk();
  if ('reason' in disk) return void t.skip(disk.reason);
  const { dir } = disk;
  let gateway: GatewayProcess | undefined;
  let store: Store | undefined;
  // One hook, in order: the gateway and our connection let go of the files before the disk goes away.
  t.after(async () => {
    await gateway?.sigkill();
    await store?.close();
    execFileSync('umount', [dir]);
    rmSync(dir, { recursive: true, force: true });
  });
  const config = mkdtempSync(join(tmpdir(), 'opensmsc-disk-config-'));
  t.after(() => rmSync(config, { recursive: true, force: true }));
  const db = join(dir, 'gateway.sqlite');
  const simulator = new SmscSimulator({ submitLatencyMs: 2, receiptDelayMs: 300, logLimit: 100_000 });
  const smscPort = await simulator.listen(0, '127.0.0.1');
  t.after(() => simulator.close());
  const configFile = writeConfigFile(config, faultConfig(smscPort, { window: WINDOW }));
  store = await openStore(db);
  await openAccount(store, OPENING_MINOR);
  gateway = await startGatewayProcess(t, { db, configFile });

  let accepted = await sendBurst(gateway.url, BEFORE);
  const filler = join(dir, 'filler');
  const filled = fillDisk(filler);

  const answers: Array<{ status: number; text: string }> = [];
  for (let r = 0; r < WHILE_FULL.requests && !answers.some((a) => a.status === 503); r++) {
    const params = { ...AUTH, phones: burstPhones(WHILE_FULL, r).join(','), mes: `${WHILE_FULL.tag} ${r}`, fmt: 3 };
    const answer = await callSmsc(gateway.url, '/sys/send.php', params, { encoding: 'urlencoded' });
    answers.push(answer);
    if (answer.status === 200) accepted += (JSON.parse(answer.text) as { cnt: number }).cnt;
  }
  t.diagnostic(`disk filled with ${filled} octets; answers while full: ${JSON.stringify(answers.map((a) => a.status))}`);
  const refused = answers.filter((a) => a.status !== 200);
  assert.ok(refused.length > 0, 'a request was refused while the disk was full');
  assert.deepEqual(refused.map((a) => [a.status, a.text]), refused.map(() => [503, UNAVAILABLE]), 'refused with a clear 503, no stack trace');
  assert.equal((await fetch(`${gateway.url}/healthz`)).status, 200, 'the gateway is still up');

  const check = new SQLite(db, { readonly: true });
  const integrity = check.pragma('integrity_check', { simple: true });
  check.close();
  assert.equal(integrity, 'ok', 'PRAGMA integrity_check while the disk is full');

  rmSync(filler);
  accepted += await sendBurst(gateway.url, AFTER);
  const figures = await checkInvariants(store, simulator, { accepted, duplicateBound: WINDOW });
  t.diagnostic(`figures: ${JSON.stringify(figures)}`);
  const [account] = await store.db.selectFrom('accounts').select('balance_minor').execute();
  assert.equal(account?.balance_minor, OPENING_MINOR - accepted * PRICE_MINOR);
});
