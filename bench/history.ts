// History benchmark (issue 3): an account with 1M messages in a 10M-message database, get_messages latency over HTTP.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { sql } from 'kysely';
import { openStore, type Store } from '../src/store/database.ts';
import { createAccount } from '../src/core/accounts.ts';
import { summarize, timeCalls } from './stats.ts';

const DAY = 86_400_000;
/** History spans six months: the longest period get_messages may ask for. */
const SPAN_MS = 180 * DAY;
/** One message in ten belongs to the benchmarked account; the rest to 99 others, interleaved in time. */
const TARGET_SHARE = 10;
const OTHER_ACCOUNTS = 99;
/** The benchmarked account writes to this many distinct numbers (about 100 messages each at 1M). */
const TARGET_PHONES = 10_000;
const LOGIN = 'bench';
const PASSWORD = 'bench-pass-1';

interface Options {
  db: 'sqlite' | 'postgres';
  total: number;
  requests: number;
  reuse: boolean;
  pgUrl: string;
}

function readOptions(args: string[]): Options {
  const { values } = parseArgs({
    args,
    options: {
      db: { type: 'string', default: 'sqlite' },
      total: { type: 'string', default: '10000000' },
      requests: { type: 'string', default: '300' },
      reuse: { type: 'boolean', default: false },
      'pg-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/test' },
    },
  });
  if (values.db !== 'sqlite' && values.db !== 'postgres') throw new Error('--db is sqlite or postgres');
  return { db: values.db, total: Number(values.total), requests: Number(values.requests), reuse: values.reuse, pgUrl: values['pg-url'] };
}

/** Where the benchmark database lives; kept between runs so --reuse can skip the fill. */
function databaseUrl(options: Options): string {
  if (options.db === 'sqlite') return 'bench/.data/history.sqlite';
  return `${options.pgUrl}?options=${encodeURIComponent('-c search_path=bench_history')}`;
}

/** Message i of the whole database: which account, which number, when (oldest first, evenly over SPAN_MS). */
function messageOf(i: number, total: number, start: number, target: number, others: number[]) {
  const mine = i % TARGET_SHARE === 0;
  return {
    account: mine ? target : others[i % OTHER_ACCOUNTS]!,
    phone: mine ? `7999${String(Math.floor(i / TARGET_SHARE) % TARGET_PHONES).padStart(7, '0')}` : `7916${String(i % 9_999_999).padStart(7, '0')}`,
    createdAt: start + Math.floor((i * SPAN_MS) / total),
  };
}

async function createAccounts(store: Store): Promise<{ target: number; others: number[] }> {
  const created = await createAccount(store, { login: LOGIN, password: PASSWORD, currency: 'RUB', balanceMinor: 0, now: Date.now() });
  if ('error' in created) throw new Error(`cannot create ${LOGIN}: ${created.error}`);
  const others: number[] = [];
  for (let a = 0; a < OTHER_ACCOUNTS; a++) {
    const row = await store.db
      .insertInto('accounts')
      .values({ login: `other${a}`, password_hash: 'x', currency: 'RUB', created_at: Date.now() })
      .returning('id')
      .executeTakeFirstOrThrow();
    others.push(row.id);
  }
  return { target: created.account.id, others };
}

const CHUNK = 100_000;

function fillSqlite(path: string, total: number, start: number, target: number, others: number[]): void {
  const db = new SQLite(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const insert = db.prepare(
    `insert into messages (account_id, msg_id, phone, kind, channel, sender, body, sms_cnt, cost_minor, status, err, created_at, status_at, due_at, expires_at)
     values (?, ?, ?, 0, 0, 'Shop', ?, 1, 150, 1, 0, ?, ?, ?, ?)`,
  );
  const chunk = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const m = messageOf(i, total, start, target, others);
      insert.run(m.account, String(i + 1), m.phone, `Message number ${i}, with a comma`, m.createdAt, m.createdAt + 5000, m.createdAt, m.createdAt + DAY);
    }
  });
  for (let from = 0; from < total; from += CHUNK) {
    chunk(from, Math.min(total, from + CHUNK));
    progress(from + CHUNK, total);
  }
  db.pragma('optimize');
  db.close();
}

async function fillPostgres(url: string, total: number, start: number, target: number, others: number[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // Generated server-side: the same layout as messageOf, without shipping 10M rows over the socket.
    for (let from = 0; from < total; from += CHUNK) {
      const to = Math.min(total, from + CHUNK);
      await client.query(
        `insert into messages (account_id, msg_id, phone, kind, channel, sender, body, sms_cnt, cost_minor, status, err, created_at, status_at, due_at, expires_at)
         select case when g % $1 = 0 then $2 else ($3::bigint[])[(g % $4) + 1] end, (g + 1)::text,
                case when g % $1 = 0 then '7999' || lpad(((g / $1) % $5)::text, 7, '0') else '7916' || lpad((g % 9999999)::text, 7, '0') end,
                0, 0, 'Shop', 'Message number ' || g || ', with a comma', 1, 150, 1, 0,
                $6::bigint + (g::bigint * $7::bigint) / $8::bigint, $6::bigint + (g::bigint * $7::bigint) / $8::bigint + 5000,
                $6::bigint + (g::bigint * $7::bigint) / $8::bigint, $6::bigint + (g::bigint * $7::bigint) / $8::bigint + $9::bigint
         from generate_series($10::bigint, $11::bigint) g`,
        [TARGET_SHARE, target, others, OTHER_ACCOUNTS, TARGET_PHONES, start, SPAN_MS, total, DAY, from, to - 1],
      );
      progress(to, total);
    }
    await client.query('analyze messages');
  } finally {
    await client.end();
  }
}

function progress(done: number, total: number): void {
  process.stdout.write(`\rfilled ${Math.min(done, total).toLocaleString('en')} / ${total.toLocaleString('en')}`);
  if (done >= total) process.stdout.write('\n');
}

/** Creates (or, with --reuse, opens) the filled database; returns the URL and the fill's time span. */
async function prepareDatabase(options: Options): Promise<{ url: string; start: number }> {
  const url = databaseUrl(options);
  if (options.db === 'sqlite') mkdirSync('bench/.data', { recursive: true });
  if (options.reuse && (options.db === 'postgres' || existsSync(url))) {
    const store = await openStore(url);
    const first = await store.db.selectFrom('messages').select((eb) => eb.fn.min('created_at').as('start')).executeTakeFirstOrThrow();
    await store.close();
    return { url, start: Number(first.start) };
  }
  if (options.db === 'sqlite') {
    for (const suffix of ['', '-wal', '-shm']) rmSync(url + suffix, { force: true });
  } else {
    const admin = new pg.Client({ connectionString: options.pgUrl });
    await admin.connect();
    await admin.query('drop schema if exists bench_history cascade; create schema bench_history');
    await admin.end();
  }
  const store = await openStore(url, { sqliteSynchronous: 'NORMAL' });
  const { target, others } = await createAccounts(store);
  await sql`select 1`.execute(store.db);
  await store.close();
  const start = Date.now() - SPAN_MS - 60_000;
  const began = Date.now();
  if (options.db === 'sqlite') fillSqlite(url, options.total, start, target, others);
  else await fillPostgres(url, options.total, start, target, others);
  process.stdout.write(`fill took ${((Date.now() - began) / 1000).toFixed(0)} s\n`);
  return { url, start };
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The gateway in a process of its own, with the history limits lifted for the benchmark. */
async function startGateway(url: string): Promise<{ base: string; child: ChildProcess }> {
  const port = await freePort();
  mkdirSync('bench/.data', { recursive: true });
  const configFile = 'bench/.data/history-config.json';
  writeFileSync(configFile, JSON.stringify({ limits: { identicalHistoryPerMinute: 1e9, historyPerHour: 1e9 }, dispatchIntervalMs: 60_000 }));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'serve', '--port', String(port), '--db', url, '--config', configFile], {
    env: { ...process.env, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    if (await fetch(`${base}/healthz`).then((r) => r.ok).catch(() => false)) return { base, child };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill();
  throw new Error('waited 20 s for the gateway to answer /healthz');
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `dd.mm.yyyy` of Unix ms `at` in Moscow time. */
function moscowDay(at: number): string {
  const d = new Date(at + 3 * 3_600_000);
  return `${pad(d.getUTCDate())}.${pad(d.getUTCMonth() + 1)}.${d.getUTCFullYear()}`;
}

/** Runs the benchmark; prints and returns the figures. */
export async function historyBench(args: string[]): Promise<object> {
  const options = readOptions(args);
  const { url, start } = await prepareDatabase(options);
  const lookup = await openStore(url);
  const target = await lookup.db.selectFrom('accounts').select('id').where('login', '=', LOGIN).executeTakeFirstOrThrow();
  const ids = await lookup.db
    .selectFrom('messages')
    .select('int_id')
    .where('account_id', '=', target.id)
    .orderBy('int_id')
    .limit(1000)
    .offset(Math.floor(options.total / TARGET_SHARE / 4))
    .execute();
  await lookup.close();

  const { base, child } = await startGateway(url);
  const auth = `login=${LOGIN}&psw=${PASSWORD}&get_messages=1&cnt=100&fmt=3`;
  let random = 42;
  const next = (n: number) => (random = (random * 1_103_515_245 + 12_345) % 2 ** 31) % n;
  const scenarios: Record<string, () => string> = {
    'newest page': () => `${auth}&x=${next(1e9)}`,
    'phone filter': () => `${auth}&phone=7999${String(next(TARGET_PHONES)).padStart(7, '0')}`,
    'date range deep in the past': () => {
      const day = moscowDay(start + (5 + next(20)) * DAY);
      return `${auth}&start=${day}&end=${day}`;
    },
    'prev_id deep in the history': () => `${auth}&prev_id=${ids[next(ids.length)]!.int_id}`,
  };
  const results: Record<string, ReturnType<typeof summarize> & { bytes: number }> = {};
  try {
    for (const [name, query] of Object.entries(scenarios)) {
      let bytes = 0;
      const samples = await timeCalls(options.requests, 20, async () => {
        const response = await fetch(`${base}/sys/get.php?${query()}`);
        const body = await response.text();
        if (!body.startsWith('[')) throw new Error(`${name}: unexpected answer ${body.slice(0, 120)}`);
        bytes = body.length;
      });
      results[name] = { ...summarize(samples), bytes };
    }
  } finally {
    child.kill();
  }
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  process.stdout.write(`\nget_messages, cnt=100, fmt=3, ${options.db}, ${options.total.toLocaleString('en')} messages (${(options.total / TARGET_SHARE).toLocaleString('en')} in the account)\n${machine}\n\n`);
  process.stdout.write('| scenario | median ms | p99 ms | max ms | requests |\n|---|---|---|---|---|\n');
  for (const [name, r] of Object.entries(results)) process.stdout.write(`| ${name} | ${r.median} | ${r.p99} | ${r.max} | ${r.count} |\n`);
  return { scenario: 'history', db: options.db, total: options.total, accountMessages: options.total / TARGET_SHARE, machine, date: new Date().toISOString(), results };
}
