// Property (issue 5): balance = sum(ledger), and get_stat agrees, after seeded random, concurrent sends, failures, refunds, deletes and top-ups.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_CONFIG } from '../../src/config.ts';
import { topUp } from '../../src/core/accounts.ts';
import { parseMoney } from '../../src/money.ts';
import { formatSmscDate } from '../../src/wire/dates.ts';
import { isFinal } from '../../src/wire/statuses.ts';
import { DATABASES } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { seededRandom } from '../../src/random.ts';
import { waitFor } from '../support/wait.ts';

const SEED = 0x1ed9e5;
const OPERATIONS = 300;

// Statuses whose cost stays charged (docs/simulator.md: every other final status refunds).
const CHARGED_STATUSES = [1, 2, 4];
// docs/simulator.md test addresses that end in a refunded failure: by receipt (20, 23, 3) or refused at submit (22).
const FAILING = ['79990000020', '79990000022', '79990000023', '79990000003'];

// The property needs concurrency, not the SMSC's per-login throttles (spec §3.2, §3.7, §4.5), which have tests of their own.
const UNTHROTTLED = {
  ...DEFAULT_CONFIG.limits,
  identicalSendsPerMinute: 10_000,
  identicalCostQueriesPerMinute: 10_000,
  statusPerMessagePerMinute: 10_000,
  concurrentPerLogin: 10_000,
  concurrentStatusPerLogin: 10_000,
  erroneousSendsToBlock: 10_000,
};

// Opening balances in roubles: one rich, one that runs dry, one that holds a single SMS (1.50).
const ACCOUNTS = [
  { login: 'rich', balance: '500' },
  { login: 'modest', balance: '40' },
  { login: 'poor', balance: '5' },
  { login: 'single', balance: '1.5' },
];


type Kind = 'send' | 'sendFailing' | 'multi' | 'overdraft' | 'quote' | 'schedule' | 'delete' | 'topUp';
const WEIGHTS: Array<[Kind, number]> = [
  ['send', 25], ['sendFailing', 15], ['multi', 15], ['overdraft', 5], ['quote', 8], ['schedule', 10], ['delete', 10], ['topUp', 12],
];

interface Account {
  login: string;
  apikey: string;
  openingMinor: number;
  topUpsMinor: number;
}

interface Scheduled {
  account: Account;
  id: string;
  phone: string;
}

/** A run's shared state: what was sent, what may still be deleted, and how each operation ended. */
interface Run {
  server: TestServer;
  random: () => number;
  accounts: Account[];
  scheduled: Scheduled[];
  outcomes: Record<string, number>;
  serial: number;
  /** `dd.mm.yyyy` of the Moscow day the run began: get_stat from it, without an end, covers the whole run. */
  firstDay: string;
}

const tally = (run: Run, outcome: string) => (run.outcomes[outcome] = (run.outcomes[outcome] ?? 0) + 1);
const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const deliverable = (random: () => number) => `7912${String(Math.floor(random() * 1e7)).padStart(7, '0')}`;

/** A unique text (the identical-send limit keys on it) of 1 to about 6 parts, Latin or Cyrillic. */
function text(run: Run): string {
  const body = pick(run.random, ['x', 'я', 'a{', 'ё1']).repeat(1 + Math.floor(run.random() * 200));
  return `#${run.serial++} ${body}`;
}

function kindOf(random: () => number): Kind {
  let roll = random() * WEIGHTS.reduce((sum, [, w]) => sum + w, 0);
  return WEIGHTS.find(([, w]) => (roll -= w) < 0)?.[0] ?? 'send';
}

/** send.php with cost=3 and fmt=3; an answer the property does not expect fails the test with its body. */
async function send(run: Run, account: Account, params: Record<string, string | number>): Promise<{ id?: number | string; error_code?: number; balance?: string }> {
  const answer = await run.server.call('/sys/send.php', { apikey: account.apikey, cost: 3, fmt: 3, ...params });
  const body = JSON.parse(answer.text) as { id?: number | string; error_code?: number; balance?: string };
  if (body.error_code !== undefined && body.error_code !== 3) assert.fail(`unexpected send answer ${answer.text} for ${JSON.stringify(params).slice(0, 120)}`);
  if (body.balance !== undefined) assert.ok(Number(body.balance) >= 0, `negative balance in ${answer.text}`);
  return body;
}

/** Sends and tallies: 'sent' or 'no money' (error 3, nothing charged). */
async function sendAndTally(run: Run, kind: Kind, account: Account, params: Record<string, string | number>): Promise<void> {
  const body = await send(run, account, params);
  tally(run, `${kind}: ${body.error_code === 3 ? 'error 3 (no money)' : 'sent'}`);
}

async function operate(run: Run, kind: Kind): Promise<void> {
  const { random } = run;
  const account = pick(random, run.accounts);
  switch (kind) {
    case 'send':
      return sendAndTally(run, kind, account, { phones: deliverable(random), mes: text(run) });
    case 'sendFailing':
      return sendAndTally(run, kind, account, { phones: pick(random, FAILING), mes: text(run) });
    case 'multi': {
      // Deliverable and failing numbers, plus an invalid one that is stored with status 22 and never charged.
      const phones: string[] = Array.from({ length: 2 + Math.floor(random() * 5) }, () =>
        random() < 0.5 ? deliverable(random) : random() < 0.8 ? pick(random, FAILING) : 'abc');
      if (!phones.some((p) => p !== 'abc')) phones.push(deliverable(random));
      return sendAndTally(run, kind, account, { phones: phones.join(','), mes: text(run) });
    }
    case 'overdraft': {
      // 100 recipients × 1000 Cyrillic letters (15 parts) = 2,250 roubles: more than any account can hold here.
      const phones = Array.from({ length: 100 }, () => deliverable(random)).join(',');
      const body = await send(run, account, { phones, mes: `${run.serial++}`.padEnd(1000, 'я') });
      assert.equal(body.error_code, 3, `the overdraft send of ${account.login} answered error 3`);
      return void tally(run, 'overdraft: error 3 (no money)');
    }
    case 'quote': {
      const answer = await run.server.call('/sys/send.php', { apikey: account.apikey, cost: 1, fmt: 3, phones: deliverable(random), mes: text(run) });
      assert.match(answer.text, /^\{\n"cost": "[0-9.]+",\n"cnt": \d+\n\}$/, 'a cost=1 quote');
      return void tally(run, 'quote: priced');
    }
    case 'schedule': {
      const phone = deliverable(random);
      const body = await send(run, account, { phones: phone, mes: text(run), time: '+60' });
      if (body.error_code === undefined) run.scheduled.push({ account, id: String(body.id), phone });
      return void tally(run, `schedule: ${body.error_code === 3 ? 'error 3 (no money)' : 'sent'}`);
    }
    case 'delete': {
      const index = Math.floor(random() * run.scheduled.length);
      const target = run.scheduled.splice(index, 1)[0];
      if (!target) return operate(run, 'schedule');
      return deleteScheduled(run, target);
    }
    case 'topUp': {
      const amount = 1 + Math.floor(random() * 2000);
      const result = await topUp(run.server.store, account.login, amount, Date.now());
      assert.ok('balanceMinor' in result && result.balanceMinor >= 0, `topUp of ${account.login}: ${JSON.stringify(result)}`);
      account.topUpsMinor += amount;
      return void tally(run, 'topUp: credited');
    }
  }
}

/** status.php del=1 on a message scheduled an hour ahead: it is still waiting, so it must be deleted and refunded. */
async function deleteScheduled(run: Run, target: Scheduled): Promise<void> {
  const answer = await run.server.call('/sys/status.php', { apikey: target.account.apikey, phone: target.phone, id: target.id, del: 1 });
  assert.equal(answer.text, 'OK', `del=1 of scheduled message ${target.id} of ${target.account.login}`);
  tally(run, 'delete: deleted and refunded');
}

async function checkLedger(t: TestContext, run: Run): Promise<void> {
  const db = run.server.store.db;
  // Wait for every message to be final: the simulator's receipts come 10 ms after acceptance.
  await waitFor('every message final', async () => {
    const rows = await db.selectFrom('messages').select('status').execute();
    return rows.every((r) => isFinal(r.status)) ? true : undefined;
  }, { timeoutMs: 15_000 });

  for (const account of run.accounts) {
    const row = await db.selectFrom('accounts').select(['id', 'balance_minor']).where('login', '=', account.login).executeTakeFirstOrThrow();
    const ledger = await db.selectFrom('ledger').select(['kind', 'amount_minor', 'int_id']).where('account_id', '=', row.id).execute();
    const messages = await db.selectFrom('messages').select(['int_id', 'status', 'cost_minor']).where('account_id', '=', row.id).execute();
    const who = `${account.login} (opening ${account.openingMinor}, top-ups ${account.topUpsMinor})`;

    assert.ok(row.balance_minor >= 0, `${who}: balance ${row.balance_minor} is not negative`);
    const ledgerSum = ledger.reduce((sum, e) => sum + e.amount_minor, 0);
    assert.equal(row.balance_minor, ledgerSum, `${who}: balance_minor = sum(ledger.amount_minor)`);

    const charged = messages.filter((m) => CHARGED_STATUSES.includes(m.status)).reduce((sum, m) => sum + m.cost_minor, 0);
    assert.equal(row.balance_minor, account.openingMinor + account.topUpsMinor - charged, `${who}: balance = opening + top-ups - cost of messages in statuses 1, 2, 4`);

    const topUps = ledger.filter((e) => e.kind === 'topup').reduce((sum, e) => sum + e.amount_minor, 0);
    assert.equal(topUps, account.openingMinor + account.topUpsMinor, `${who}: 'topup' entries = opening + top-ups`);
    assert.deepEqual(ledger.filter((e) => e.kind === 'adjust'), [], `${who}: no adjustments`);

    const refunds = ledger.filter((e) => e.kind === 'refund');
    const refundedIds = refunds.map((e) => e.int_id);
    assert.equal(new Set(refundedIds).size, refundedIds.length, `${who}: no int_id refunded twice`);
    assert.ok(refunds.every((e) => e.int_id !== null && e.amount_minor > 0), `${who}: every refund names its message and is a credit`);
    // A refunded message still in the table ended in a refunded status; a refund for a missing row was a del=1.
    const byId = new Map(messages.map((m) => [m.int_id, m]));
    for (const refund of refunds) {
      const message = byId.get(refund.int_id!);
      if (message) {
        assert.ok(!CHARGED_STATUSES.includes(message.status), `${who}: message ${refund.int_id} in status ${message.status} was refunded`);
        assert.equal(refund.amount_minor, message.cost_minor, `${who}: message ${refund.int_id} refunded its cost`);
      }
    }
    for (const m of messages) {
      if (m.cost_minor > 0 && !CHARGED_STATUSES.includes(m.status)) {
        assert.ok(refundedIds.includes(m.int_id), `${who}: message ${m.int_id} in status ${m.status} was refunded`);
      }
    }
    await checkStats(run, account, row.balance_minor, messages);
    t.diagnostic(`${account.login}: balance ${row.balance_minor}, ${ledger.length} ledger entries, ${messages.length} messages, ${refunds.length} refunds`);
  }
}

/** get.php?get_stat=1 over the whole run: opening (0, the accounts are made inside it) + debit − credit = balance. */
async function checkStats(run: Run, account: Account, balanceMinor: number, messages: Array<{ status: number; cost_minor: number }>): Promise<void> {
  const answer = await run.server.call('/sys/get.php', { apikey: account.apikey, get_stat: 1, start: run.firstDay, fmt: 3 });
  const [stat, ...more] = JSON.parse(answer.text) as Array<{ login: string; cnt: number; credit: string; debit: string; currency: string }>;
  assert.equal(more.length, 0, `${account.login}: one get_stat row, ${answer.text}`);
  const [credit, debit] = [parseMoney(stat!.credit)!, parseMoney(stat!.debit)!];
  const who = `${account.login} (get_stat ${answer.text.replace(/\n/g, '')})`;
  assert.equal(stat!.login, account.login, `${who}: the account's own row`);
  const openingMinor = 0;
  assert.equal(openingMinor + debit - credit, balanceMinor, `${who}: opening + debit − credit = balance`);
  assert.equal(debit, account.openingMinor + account.topUpsMinor, `${who}: debit = opening + top-ups`);
  const charged = messages.filter((m) => m.cost_minor > 0 && CHARGED_STATUSES.includes(m.status));
  assert.equal(credit, charged.reduce((sum, m) => sum + m.cost_minor, 0), `${who}: credit = cost of the messages in statuses 1, 2, 4`);
  assert.equal(stat!.cnt, charged.length, `${who}: cnt = charged messages not refunded`);
}

for (const database of DATABASES) {
  test(`${database.name}: issue 5 property — balance = sum(ledger) = get_stat's debit − credit after ${OPERATIONS} random concurrent operations (seed ${SEED})`, async (t) => {
    const firstDay = formatSmscDate(Date.now(), 180).slice(0, 10);
    const server = await startTestServer(t, database, { limits: UNTHROTTLED });
    const accounts: Account[] = [];
    for (const { login, balance } of ACCOUNTS) {
      const apikey = await server.account(login, { balance });
      accounts.push({ login, apikey, openingMinor: Math.round(Number(balance) * 100), topUpsMinor: 0 });
    }
    const run: Run = { server, random: seededRandom(SEED), accounts, scheduled: [], outcomes: {}, serial: 0, firstDay };

    let done = 0;
    let waves = 0;
    while (done < OPERATIONS) {
      const size = Math.min(OPERATIONS - done, 10 + Math.floor(run.random() * 11));
      const kinds = Array.from({ length: size }, () => kindOf(run.random));
      await Promise.all(kinds.map((kind) => operate(run, kind)));
      done += size;
      waves += 1;
    }
    // The scheduled messages left would wait an hour: delete them all, concurrently, so every message ends.
    const leftover = run.scheduled.splice(0);
    await Promise.all(leftover.map((target) => deleteScheduled(run, target)));

    await checkLedger(t, run);
    t.diagnostic(`${done} operations in ${waves} waves, then ${leftover.length} leftover deletes: ${JSON.stringify(run.outcomes)}`);
    for (const kind of ['send', 'sendFailing', 'multi', 'schedule', 'topUp'] as const) {
      assert.ok(Object.keys(run.outcomes).some((k) => k === `${kind}: sent` || k === `${kind}: credited`), `the run exercised ${kind}`);
    }
    assert.ok((run.outcomes['delete: deleted and refunded'] ?? 0) > 0, 'the run deleted scheduled messages');
  });
}
