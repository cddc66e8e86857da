// The write thread: every op is registered, ops run there and commit before they answer, errors come back, close drains.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '../../src/store/database.ts';
import { WRITE_OPS } from '../../src/store/write-ops.ts';
import { insertMessages, submitOp } from '../../src/store/messages.ts';
import { markTransferred } from '../../src/store/outbox.ts';
import { MessageStatus } from '../../src/wire/statuses.ts';

const T0 = 1_764_000_000_000;

/** A store on a fresh SQLite file that writes through the write thread; closed and removed after the test. */
async function threadStore(t: { after(fn: () => unknown): void }): Promise<Store> {
  const dir = mkdtempSync(join(tmpdir(), 'opensmsc-write-thread-'));
  const store = await openStore(join(dir, 'test.sqlite'), { writeThread: true });
  t.after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return store;
}

async function account(store: Store, balanceMinor: number): Promise<number> {
  const { id } = await store.db
    .insertInto('accounts')
    .values({ login: 'w', password_hash: 'x', currency: 'RUB', balance_minor: balanceMinor, created_at: T0 })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

function row(accountId: number, phone: string) {
  return {
    account_id: accountId, msg_id: '', phone, kind: 0, sender: 'SMSC', body: 'hi', sms_cnt: 1, cost_minor: 150,
    status: MessageStatus.Waiting, created_at: T0, status_at: T0, due_at: T0, expires_at: T0 + 60_000,
  };
}

test('every write op of src/store/ is registered for the write thread, under a name of its own', async () => {
  const exported: string[] = [];
  // The thread's own entry point is left out: importing it outside a worker throws.
  for (const file of readdirSync('src/store').filter((name) => name.endsWith('.ts') && name !== 'write-thread.ts')) {
    const module = (await import(`../../src/store/${file}`)) as Record<string, unknown>;
    for (const value of Object.values(module)) {
      if (typeof value === 'object' && value !== null && 'name' in value && 'run' in value && typeof value.run === 'function') {
        const op = value as { name: string };
        exported.push(op.name);
        assert.equal(WRITE_OPS.get(op.name), value, `${file}: write op '${op.name}' is not in src/store/write-ops.ts`);
      }
    }
  }
  assert.equal(new Set(exported).size, exported.length, `an op name is used twice: ${exported.join(', ')}`);
  assert.deepEqual([...WRITE_OPS.keys()].sort(), [...exported].sort());
});

test('sqlite write thread: an op commits before it answers, and the main connection reads what it wrote', async (t) => {
  const store = await threadStore(t);
  const accountId = await account(store, 1000);
  const rows = [row(accountId, '79160000001'), row(accountId, '79160000002')];
  const stored = await store.write(submitOp, { accountId, clientId: undefined, refused: false, costMinor: 300, charged: 2, now: T0, rows });
  assert.deepEqual(stored, { msgId: '1', balanceMinor: 700 });
  const messages = await store.db.selectFrom('messages').select(['msg_id', 'phone']).orderBy('int_id').execute();
  assert.deepEqual(messages, [{ msg_id: '1', phone: '79160000001' }, { msg_id: '1', phone: '79160000002' }]);
  const poor = await store.write(submitOp, { accountId, clientId: 'x', refused: false, costMinor: 5000, charged: 1, now: T0, rows: [row(accountId, '79160000003')] });
  assert.deepEqual(poor, { msgId: 'x', noMoney: true });
});

test('sqlite write thread: a failing op rejects with its SQLite code and undoes only its own statements', async (t) => {
  const store = await threadStore(t);
  const accountId = await account(store, 1000);
  const [first, second] = await insertMessages(store.db, [row(accountId, '79160000001'), row(accountId, '79160000002')]);
  // Both transfers queue into one group; the second reuses the first's carrier id, which message_parts' key refuses.
  const [taken, refused] = await Promise.allSettled([
    markTransferred(store, first!, 'smsc', ['same-id'], T0),
    markTransferred(store, second!, 'smsc', ['same-id'], T0),
  ]);
  assert.deepEqual(taken, { status: 'fulfilled', value: true });
  assert.equal(refused.status, 'rejected');
  assert.match(String((refused as PromiseRejectedResult).reason.code), /^SQLITE_CONSTRAINT/);
  const statuses = await store.db.selectFrom('messages').select('status').orderBy('int_id').execute();
  assert.deepEqual(statuses.map((s) => s.status), [MessageStatus.Transferred, MessageStatus.Waiting]);
});

test('sqlite write thread: close lets every write already asked for finish', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'opensmsc-write-thread-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'test.sqlite');
  const store = await openStore(path, { writeThread: true });
  const accountId = await account(store, 1_000_000);
  const writes = Array.from({ length: 500 }, (_, i) =>
    store.write(submitOp, { accountId, clientId: undefined, refused: false, costMinor: 1, charged: 1, now: T0, rows: [row(accountId, `7916${String(i).padStart(7, '0')}`)] }),
  );
  await store.close();
  assert.equal((await Promise.all(writes)).length, 500);
  await assert.rejects(store.write(submitOp, { accountId, clientId: 'late', refused: true, costMinor: 0, charged: 0, now: T0, rows: [] }), /closed/);
  const reopened = await openStore(path);
  t.after(() => reopened.close());
  const { n } = await reopened.db.selectFrom('messages').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  assert.equal(Number(n), 500);
});
