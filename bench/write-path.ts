// `npm run bench -- write-path`: what storing one accepted send costs the writer, apart from HTTP and the write thread.
//
// Runs the send's write op (id and debit, ledger entry, message row) in group commits of the size the accept load
// makes (about 25), on one thread over a fresh SQLite file, and reports wall and CPU time per message. Options:
// `--messages N` (60000, after 20000 untimed), `--group N` (25), `--sqlite-synchronous FULL|NORMAL` (FULL),
// `--phones sequential|random` (sequential, as the accept load sends; random makes every index by address miss).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createAccount } from '../src/core/accounts.ts';
import { openStore, type Store } from '../src/store/database.ts';
import { submitOp, type Submission } from '../src/store/messages.ts';
import type { NewMessage } from '../src/store/schema.ts';
import { machine } from './machine.ts';
import { positiveOption } from './scenario-options.ts';
import { printTable } from './table.ts';

const WARM_UP_MESSAGES = 20_000;
const PHONE_BASE = 79_000_000_000;
/** A prime stride over a million numbers: every message of a run goes to a different, scattered address. */
const SCATTER = 7_919;

interface WritePathOptions {
  messages: number;
  group: number;
  synchronous: 'FULL' | 'NORMAL';
  phones: 'sequential' | 'random';
}

function readOptions(args: string[]): WritePathOptions {
  const { values } = parseArgs({
    args,
    options: {
      messages: { type: 'string', default: '60000' },
      group: { type: 'string', default: '25' },
      'sqlite-synchronous': { type: 'string', default: 'FULL' },
      phones: { type: 'string', default: 'sequential' },
    },
  });
  const synchronous = values['sqlite-synchronous'];
  if (synchronous !== 'FULL' && synchronous !== 'NORMAL') throw new Error('--sqlite-synchronous is FULL or NORMAL');
  if (values.phones !== 'sequential' && values.phones !== 'random') throw new Error('--phones is sequential or random');
  return { messages: positiveOption('messages', values.messages), group: positiveOption('group', values.group), synchronous, phones: values.phones };
}

/** The send of message `index`: one recipient, one part, as src/core/submit.ts builds it for the accept load. */
function submissionOf(accountId: number, index: number, options: WritePathOptions, now: number): Submission {
  const phone = PHONE_BASE + (options.phones === 'random' ? (index * SCATTER) % 1_000_000 : index);
  const row: NewMessage = {
    account_id: accountId, msg_id: '', kind: 0, channel: 0, sender: 'SMSC', subject: '', created_at: now, status_at: now,
    due_at: now, expires_at: now + 86_400_000, test: 0, mccmnc: '25001', country: 'Россия', operator: 'МТС', region: 'Москва',
    phone: String(phone), body: `Bench message ${index}`, sms_cnt: 1, cost_minor: 150, status: -1, err: 0,
  };
  return { accountId, clientId: undefined, refused: false, costMinor: 150, charged: 1, now, rows: [row] };
}

/** Stores messages [from, from + count) in groups written concurrently, so each group shares one commit. */
async function store(db: Store, accountId: number, from: number, count: number, options: WritePathOptions): Promise<void> {
  const now = Date.now();
  for (let start = from; start < from + count; start += options.group) {
    const size = Math.min(options.group, from + count - start);
    await Promise.all(Array.from({ length: size }, (_, i) => db.write(submitOp, submissionOf(accountId, start + i, options, now))));
  }
}

export async function writePathBench(args: string[]): Promise<object> {
  const options = readOptions(args);
  const dir = mkdtempSync(join(tmpdir(), 'opensmsc-bench-write-'));
  try {
    const db = await openStore(join(dir, 'write.sqlite'), { sqliteSynchronous: options.synchronous });
    const created = await createAccount(db, { login: 'bench', password: 'bench-pass-1', currency: 'RUB', balanceMinor: 1e15, now: Date.now() });
    if ('error' in created) throw new Error(`cannot create the bench account: ${created.error}`);
    const accountId = created.account.id;
    await store(db, accountId, 0, WARM_UP_MESSAGES, options);
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    await store(db, accountId, WARM_UP_MESSAGES, options.messages, options);
    const wallUs = ((performance.now() - started) * 1000) / options.messages;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuUs = (cpu.user + cpu.system) / options.messages;
    await db.close();
    printTable(
      `write-path: the send's write op, ${options.messages} messages in groups of ${options.group}, one thread`,
      ['SQLite synchronous', 'phones', 'µs wall / message', 'µs CPU / message', 'messages/s'],
      [[options.synchronous, options.phones, Math.round(wallUs), Math.round(cpuUs), Math.round(1e6 / wallUs)]],
    );
    return { scenario: 'write-path', date: new Date().toISOString(), machine: machine(), options, wallUsPerMessage: wallUs, cpuUsPerMessage: cpuUs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
