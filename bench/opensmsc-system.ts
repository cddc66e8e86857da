// OpenSMSC under test: `opensmsc serve` in its own process on a fresh database, routed over SMPP to `opensmsc sim`.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { createAccount } from '../src/core/accounts.ts';
import { openStore, type Store } from '../src/store/database.ts';
import { DATABASES } from '../test/support/databases.ts';
import { startGatewayProcess } from '../test/support/gateway-process.ts';
import { BUNDLE, buildBundle } from '../scripts/build.ts';
import type { ScenarioOptions } from './scenario-options.ts';
import { SIMULATOR_CREDENTIALS, startCarrier, type Carrier } from './simulator-process.ts';
import { phonesOf, textOf, type DeliveryProgress, type SystemUnderTest } from './system-under-test.ts';
import { withTeardown, type Teardown } from './teardown.ts';

const LOGIN = 'bench';
const PASSWORD = 'bench-pass-1';
/** Enough for every message of the longest run at 1.50 a part. */
const BALANCE_MINOR = 1_000_000_000_000;

/** How `npm start` runs node (package.json): the heap cap and the malloc arenas that keep the server's RSS bounded, GC on the event loop's thread. */
const SERVE_NODE_OPTIONS = ['--max-old-space-size=160', '--single-threaded-gc'];
const SERVE_ENV = { MALLOC_ARENA_MAX: '2' };

/** How OpenSMSC is set up for a run. */
export interface OpenSmscSetup {
  db: 'sqlite' | 'postgres';
  sqliteSynchronous: 'FULL' | 'NORMAL';
  /** The SMPP connector's window (submits awaiting submit_sm_resp). */
  window: number;
  /** Where `node --cpu-prof` writes the server's profile; none = no profiling. */
  profileDir?: string;
}

/** The bench config: SQLite's durability as asked, the per-login concurrency cap above the load's connections, one SMPP route to the simulator. */
function benchConfig(setup: OpenSmscSetup, smsc: Carrier): object {
  return {
    // FULL (the default) fsyncs the WAL at every commit; NORMAL at checkpoints only, and survives a process crash.
    sqliteSynchronous: setup.sqliteSynchronous,
    // Spec §3.2 answers error 9 from the 16th concurrent request of one login; the load opens 50 connections.
    limits: { concurrentPerLogin: 10_000 },
    // One claim fills the window: with the default 200 a batch cycle (claim, submit, commit the transfers) paces delivery.
    dispatchBatchSize: setup.window,
    connectors: [{
      type: 'smpp',
      name: 'sim',
      host: '127.0.0.1',
      port: smsc.port,
      ...SIMULATOR_CREDENTIALS,
      window: setup.window,
      // The default 100/s is a carrier's contract, not the gateway's limit: lifted as Kannel has none by default.
      throughputPerSecond: 1_000_000,
      idFormat: 'hex',
    }],
    routes: [{ connectors: ['sim'] }],
  };
}

async function freshDatabase(teardown: Teardown, db: OpenSmscSetup['db']): Promise<string> {
  const database = DATABASES.find((d) => d.name === db);
  if (!database) throw new Error(`${db} does not answer (postgres://postgres@127.0.0.1:5432/test)`);
  const { url, drop } = await database.create();
  teardown.after(drop);
  return url;
}

/** Starts the gateway on a fresh database with a funded account; everything is removed by the teardown. */
export async function startOpenSmsc(teardown: Teardown, setup: OpenSmscSetup, smsc: Carrier): Promise<SystemUnderTest> {
  const url = await freshDatabase(teardown, setup.db);
  const store = await openStore(url);
  teardown.after(() => store.close());
  const created = await createAccount(store, { login: LOGIN, password: PASSWORD, currency: 'RUB', balanceMinor: BALANCE_MINOR, now: Date.now() });
  if ('error' in created) throw new Error(`cannot create the bench account: ${created.error}`);

  const dir = mkdtempSync(join(tmpdir(), 'opensmsc-bench-'));
  teardown.after(() => rmSync(dir, { recursive: true, force: true }));
  const configFile = join(dir, 'config.json');
  writeFileSync(configFile, JSON.stringify(benchConfig(setup, smsc)));
  const nodeOptions = [...SERVE_NODE_OPTIONS, ...(setup.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${setup.profileDir}`] : [])];
  // Run as `npm start` runs it: the bundle, with its heap cap.
  await buildBundle();
  const gateway = await startGatewayProcess(teardown, { db: url, configFile, nodeOptions, bundle: BUNDLE, env: SERVE_ENV });
  // SIGTERM first: a graceful exit is what writes the CPU profile.
  teardown.after(() => gateway.stop());

  return {
    name: `OpenSMSC (${setup.db === 'sqlite' ? `SQLite ${setup.sqliteSynchronous}` : 'PostgreSQL'}${smsc.down ? ', SMSC down' : ''})`,
    pids: [gateway.pid],
    sendUrl(index, recipients) {
      const query = new URLSearchParams({ login: LOGIN, psw: PASSWORD, phones: phonesOf(index, recipients).join(','), mes: textOf(index), fmt: '3' });
      return `${gateway.url}/sys/send.php?${query}`;
    },
    acceptedBy(status, body) {
      if (status !== 200) return 0;
      // fmt=3: {"id": …, "cnt": parts} on success, {"error": …, "error_code": …} otherwise (spec §3.3).
      const answer = JSON.parse(body) as { id?: number; cnt?: number };
      return answer.id === undefined ? 0 : (answer.cnt ?? 0);
    },
    progress: () => deliveryProgress(store),
    receiptLatenciesMs: () => receiptLatencies(store),
  };
}

/** Runs `measure` against a fresh simulator (or the carrier down) and a fresh OpenSMSC set up from `options`, then removes both. */
export function withOpenSmsc<T>(options: ScenarioOptions, measure: (system: SystemUnderTest) => Promise<T>, carrier: 'up' | 'down' = 'up'): Promise<T> {
  return withTeardown(async (teardown) => measure(await startOpenSmsc(teardown, options, await startCarrier(teardown, carrier))));
}

/** Counts of messages by status: -1 queued, 0 taken and awaiting its receipt, anything else final. */
async function deliveryProgress(store: Store): Promise<DeliveryProgress> {
  const rows = await store.db.selectFrom('messages').select(['status', (eb) => eb.fn.countAll<number>().as('count')]).groupBy('status').execute();
  const count = (status: number) => Number(rows.find((r) => r.status === status)?.count ?? 0);
  const all = rows.reduce((sum, r) => sum + Number(r.count), 0);
  return { final: all - count(-1) - count(0), delivered: count(1), queued: count(-1), awaitingReceipt: count(0) };
}

/** From each part's hand-over (submit_sm_resp) to its message's final status, from the store's own times. */
async function receiptLatencies(store: Store): Promise<number[]> {
  const rows = await store.db
    .selectFrom('message_parts')
    .innerJoin('messages', 'messages.int_id', 'message_parts.int_id')
    .select(sql<number>`messages.status_at - message_parts.transferred_at`.as('latency'))
    .where('message_parts.transferred_at', 'is not', null)
    .where('message_parts.status', 'is not', null)
    .execute();
  return rows.map((r) => Number(r.latency));
}
