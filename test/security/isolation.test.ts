// Cross-account isolation over real HTTP (issue 7, docs/security.md): account B names A's ids, addresses, int_ids and
// credentials through every parameter of every script, and neither reads nor changes anything of A's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_CONFIG } from '../../src/config.ts';
import { findAccountByLogin } from '../../src/core/accounts.ts';
import type { Store } from '../../src/store/database.ts';
import { DATABASES } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const ALICE = { login: 'alice', psw: 'Alice-pass-1' };
const BOB = { login: 'bob', psw: 'Bob-pass-2' };
/** An account that never sends: what it is told is what "not yours" must look like. */
const CAROL = { login: 'carol', psw: 'Carol-pass-3' };
const ALICE_PHONE = '79990000001';
const ALICE_WAITING_PHONE = '79990000002';
const ALICE_EMAIL = 'alice@example.com';
const ALICE_CLIENT_ID = 'ord-7';
/** What A's messages say; the addresses B names may be echoed back, the contents never. */
const ALICE_CONTENT = /alice (text|waiting|mail|subject)/;
/** Everything A sends is scheduled an hour ahead, so no delivery changes A's rows while B probes them. */
const LATER = { time: '+60' };

/** Every row of the account in messages, ledger and accounts: what B must not change. */
async function everythingOf(store: Store, accountId: number) {
  return {
    messages: await store.db.selectFrom('messages').selectAll().where('account_id', '=', accountId).orderBy('int_id').execute(),
    ledger: await store.db.selectFrom('ledger').selectAll().where('account_id', '=', accountId).orderBy('id').execute(),
    account: await store.db.selectFrom('accounts').selectAll().where('id', '=', accountId).execute(),
  };
}

/** Today in Moscow as dd.mm.yyyy, the date format of get_stat (spec §6.3). */
function moscowToday(): string {
  const d = new Date(Date.now() + 3 * 3_600_000);
  return `${String(d.getUTCDate()).padStart(2, '0')}.${String(d.getUTCMonth() + 1).padStart(2, '0')}.${d.getUTCFullYear()}`;
}

/** B's answer naming A's messages must be what C, an account that has sent nothing, gets, in every fmt. */
async function assertAsForNobody(server: TestServer, path: string, foreign: Record<string, string | number>) {
  for (const fmt of [0, 1, 2, 3]) {
    const [asked, nothing] = [await server.call(path, { ...BOB, ...foreign, fmt }), await server.call(path, { ...CAROL, ...foreign, fmt })];
    assert.equal(asked.text, nothing.text, `${path} ${JSON.stringify(foreign)} fmt=${fmt} answers B as an account with no messages`);
    assert.doesNotMatch(asked.text, ALICE_CONTENT, `${path} fmt=${fmt} shows nothing of A's`);
  }
}

for (const database of DATABASES) {
  test(`${database.name}: B reads and changes nothing of A's through any parameter of any script`, async (t) => {
    // Limits are not under test here: let B ask the same thing as often as the checks need.
    const limits = { ...DEFAULT_CONFIG.limits, statusPerMessagePerMinute: 1000, statusMassPerMinute: 1000, identicalHistoryPerMinute: 1000, historyPerHour: 1000 };
    const server = await startTestServer(t, database, { limits });
    const aliceKey = await server.account('alice', { password: ALICE.psw, balance: '100' });
    await server.account('bob', { password: BOB.psw, balance: '50' });
    await server.account('carol', { password: CAROL.psw });
    const alice = (await findAccountByLogin(server.store, 'alice'))!;
    const bob = (await findAccountByLogin(server.store, 'bob'))!;
    const bobStat = { get_stat: 1, start: moscowToday(), fmt: 3 };
    assert.equal((await server.call('/sys/send.php', { ...BOB, phones: '79995555555', mes: 'bob text', ...LATER })).text, 'OK - 1 SMS, ID - 1');
    const bobStatBefore = (await server.call('/sys/get.php', { ...BOB, ...bobStat })).text;

    assert.equal((await server.call('/sys/send.php', { ...ALICE, phones: ALICE_PHONE, mes: 'alice text', ...LATER })).text, 'OK - 1 SMS, ID - 1');
    assert.equal((await server.call('/sys/send.php', { ...ALICE, phones: ALICE_WAITING_PHONE, mes: 'alice waiting', id: ALICE_CLIENT_ID, ...LATER })).text, `OK - 1 SMS, ID - ${ALICE_CLIENT_ID}`);
    assert.equal((await server.call('/sys/send.php', { ...ALICE, mail: 1, phones: ALICE_EMAIL, subj: 'alice subject', mes: 'alice mail', ...LATER })).text, 'OK - 1 SMS, ID - 2');
    const aliceBefore = await everythingOf(server.store, alice.id);
    const aliceIntIds = aliceBefore.messages.map((m) => m.int_id);

    // status.php: A's ids with A's addresses, single and multi, every detail level.
    for (const all of [0, 1, 2]) {
      await assertAsForNobody(server, '/sys/status.php', { id: 1, phone: ALICE_PHONE, all });
      await assertAsForNobody(server, '/sys/status.php', { id: ALICE_CLIENT_ID, phone: ALICE_WAITING_PHONE, all });
      await assertAsForNobody(server, '/sys/status.php', { id: 2, phone: ALICE_EMAIL, all });
      await assertAsForNobody(server, '/sys/status.php', { id: `1,${ALICE_CLIENT_ID},2`, phone: `${ALICE_PHONE},${ALICE_WAITING_PHONE},${ALICE_EMAIL}`, all });
    }
    // status.php del=1 on A's waiting message: refused, and nothing of A's moves.
    await assertAsForNobody(server, '/sys/status.php', { id: ALICE_CLIENT_ID, phone: ALICE_WAITING_PHONE, del: 1 });

    // get.php history: A's addresses as filters, A's int_ids as prev_id, in both channels.
    await assertAsForNobody(server, '/sys/get.php', { get_messages: 1, phone: ALICE_PHONE });
    await assertAsForNobody(server, '/sys/get.php', { get_messages: 1, format: 8, email: ALICE_EMAIL });
    for (const intId of aliceIntIds) {
      await assertAsForNobody(server, '/sys/get.php', { get_messages: 1, prev_id: intId });
      await assertAsForNobody(server, '/sys/get.php', { get_messages: 1, format: 8, prev_id: intId });
    }
    const bobHistory = (await server.call('/sys/get.php', { ...BOB, get_messages: 1, fmt: 3 })).text;
    assert.match(bobHistory, /bob text/);
    assert.doesNotMatch(bobHistory, ALICE_CONTENT, 'B\'s whole history holds none of A\'s messages');

    // get.php get_stat: A's spending is invisible to B, whatever B names.
    const foreigners: Record<string, string | number>[] = [{}, { user: 'alice' }, { user_id: alice.id }, { reseller: 1 }];
    for (const foreign of foreigners) {
      assert.equal((await server.call('/sys/get.php', { ...BOB, ...bobStat, ...foreign })).text, bobStatBefore, `get_stat ${JSON.stringify(foreign)}`);
    }

    // balance.php: only B's own, whatever else the request names.
    assert.equal((await server.call('/sys/balance.php', { ...BOB, user: 'alice' })).text, '48.50');

    // send.php with A's client id and address: a message of B's; A's message of that id stays A's.
    assert.equal((await server.call('/sys/send.php', { ...BOB, phones: ALICE_WAITING_PHONE, mes: 'bob reuses the id', id: ALICE_CLIENT_ID, ...LATER })).text, `OK - 1 SMS, ID - ${ALICE_CLIENT_ID}`);
    const aliceView = (await server.call('/sys/status.php', { ...ALICE, id: ALICE_CLIENT_ID, phone: ALICE_WAITING_PHONE, all: 2, fmt: 3 })).text;
    assert.match(aliceView, /alice waiting/);
    const bobView = (await server.call('/sys/status.php', { ...BOB, id: ALICE_CLIENT_ID, phone: ALICE_WAITING_PHONE, all: 2, fmt: 3 })).text;
    assert.match(bobView, /bob reuses the id/);

    // Mixed credentials: an API key is its owner whatever login rides along; a login never takes another's password.
    assert.equal((await server.call('/sys/balance.php', { apikey: aliceKey, login: 'bob', psw: BOB.psw })).text, '96.90', 'A\'s key acts as A');
    assert.equal((await server.call('/sys/balance.php', { login: 'alice', psw: BOB.psw })).text, 'ERROR = 2 (authorise error)');
    assert.equal((await server.call('/sys/balance.php', { login: 'bob', psw: ALICE.psw })).text, 'ERROR = 2 (authorise error)');

    assert.deepEqual(await everythingOf(server.store, alice.id), aliceBefore, 'no row of A\'s changed: messages, ledger, balance');
    assert.equal((await everythingOf(server.store, bob.id)).messages.length, 2);
  });
}
