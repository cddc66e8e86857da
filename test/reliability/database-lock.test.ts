// The database is locked by another writer while the gateway takes and delivers messages (docs/faults.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { SmscSimulator } from '../../src/delivery/smpp/smsc-simulator.ts';
import { openStore, type Store } from '../../src/store/database.ts';
import { DATABASES } from '../support/databases.ts';
import { startGatewayProcess } from '../support/gateway-process.ts';
import { callSmsc } from '../support/smsc-client.ts';
import { AUTH, PRICE_MINOR, burstPhones, faultConfig, openAccount, sendBurst, writeConfigFile, type Burst } from '../faults/fault-gateway.ts';
import { checkInvariants } from '../faults/invariants.ts';

const WINDOW = 50;
const BEFORE: Burst = { requests: 4, perRequest: 50, concurrency: 2, tag: 'before the lock' };
const DURING: Burst = { requests: 3, perRequest: 10, concurrency: 3, first: 10_000, tag: 'during the lock' };
const AFTER: Burst = { requests: 4, perRequest: 50, concurrency: 2, first: 20_000, tag: 'after the lock' };
const OPENING_MINOR = 1_000_000;
// SQLite's busy_timeout is 5 s (src/store/database.ts): a lock held longer makes the waiting writes fail.
// PostgreSQL waits for a lock without a timeout: the writes wait, then go through.
const LOCK_MS = { sqlite: 11_000, postgres: 3000 };
const UNAVAILABLE = 'service unavailable, try again';

/** Holds the write lock of the database at `url` until the returned function is called. */
async function holdWriteLock(url: string, name: string): Promise<() => Promise<void>> {
  if (name === 'sqlite') {
    const connection = new SQLite(url);
    connection.exec('BEGIN IMMEDIATE');
    return async () => {
      if (!connection.open) return;
      connection.exec('ROLLBACK');
      connection.close();
    };
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('BEGIN');
  // Every send and refund updates its account's balance; the dispatcher's claims and receipts touch messages.
  await client.query('LOCK TABLE accounts IN EXCLUSIVE MODE');
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    await client.query('ROLLBACK');
    await client.end();
  };
}

for (const database of DATABASES) {
  test(`${database.name}: a write lock held by another connection: requests answered, nothing lost, delivery resumes`, { timeout: 120_000 }, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'opensmsc-lock-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const { url: db, drop } = database.name === 'sqlite' ? { url: join(dir, 'gateway.sqlite'), drop: async () => {} } : await database.create();
    t.after(drop);
    const simulator = new SmscSimulator({ submitLatencyMs: 5, receiptDelayMs: 300, logLimit: 10_000 });
    const smscPort = await simulator.listen(0, '127.0.0.1');
    t.after(() => simulator.close());
    const configFile = writeConfigFile(dir, faultConfig(smscPort, { window: WINDOW, leaseMs: 3000 }));
    const store: Store = await openStore(db);
    t.after(() => store.close());
    await openAccount(store, OPENING_MINOR);
    const gateway = await startGatewayProcess(t, { db, configFile });

    let accepted = await sendBurst(gateway.url, BEFORE);
    const release = await holdWriteLock(db, database.name);
    t.after(release);
    const lockedAt = Date.now();
    const released = new Promise<void>((resolve) => setTimeout(() => void release().then(resolve), LOCK_MS[database.name]));
    const answers = await Promise.all(
      Array.from({ length: DURING.requests }, async (_, r) => {
        const answer = await callSmsc(gateway.url, '/sys/send.php', { ...AUTH, phones: burstPhones(DURING, r).join(','), mes: `${DURING.tag} ${r}`, fmt: 3 });
        return { ...answer, afterMs: Date.now() - lockedAt };
      }),
    );
    await released;
    for (const answer of answers) {
      if (answer.status === 503) assert.equal(answer.text, UNAVAILABLE);
      else accepted += (JSON.parse(answer.text) as { cnt: number }).cnt;
    }
    t.diagnostic(`during the lock: ${JSON.stringify(answers.map((a) => [a.status, a.text, a.afterMs]))}`);

    accepted += await sendBurst(gateway.url, AFTER);
    const figures = await checkInvariants(store, simulator, { accepted, duplicateBound: WINDOW });
    t.diagnostic(`figures: ${JSON.stringify(figures)}`);
    const [account] = await store.db.selectFrom('accounts').select('balance_minor').execute();
    assert.equal(account?.balance_minor, OPENING_MINOR - accepted * PRICE_MINOR);
  });
}
