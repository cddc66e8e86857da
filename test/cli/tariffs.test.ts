// The `tariff` commands in-process on both databases: plans, rules, CSV import, the table, assignment.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { Store } from '../../src/store/database.ts';
import { registerAccountCommands } from '../../src/cli/accounts.ts';
import { registerTariffCommands } from '../../src/cli/tariffs.ts';
import { DATABASES } from '../support/databases.ts';
import { cliHarness } from '../support/cli.ts';

/** `account` to make logins, `tariff` under test, as src/cli.ts registers them. */
function register(program: Command, openStoreFor: (db?: string) => Promise<Store>): void {
  registerAccountCommands(program, openStoreFor);
  registerTariffCommands(program, openStoreFor);
}

/** Writes `files` into a fresh directory removed after the test; returns their paths by name. */
function csvFiles(t: { after(fn: () => void): void }, files: Record<string, string>): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'opensmsc-tariffs-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return Object.fromEntries(
    Object.entries(files).map(([name, content]) => {
      const path = join(dir, name);
      writeFileSync(path, content);
      return [name, path];
    }),
  );
}

async function rulesOf(store: Store, plan: string) {
  return store.db
    .selectFrom('tariff_rules')
    .innerJoin('tariff_plans', 'tariff_plans.id', 'tariff_rules.plan_id')
    .select(['type', 'country', 'mccmnc', 'price_minor'])
    .where('name', '=', plan)
    .orderBy('tariff_rules.id')
    .execute();
}

for (const database of DATABASES) {
  test(`${database.name}: tariff create, set, remove and show`, async (t) => {
    const { run, store } = await cliHarness(t, database, register);
    const created = await run('tariff', 'create', 'retail', '--db', 'here');
    assert.deepEqual([created.stdout, created.stderr, created.exitCode, created.dbOptions], ['plan: retail\ncurrency: RUB\n', '', undefined, ['here']]);
    assert.equal((await run('tariff', 'create', 'usd', '--currency', 'USD')).stdout, 'plan: usd\ncurrency: USD\n');

    assert.equal(
      (await run('tariff', 'set', 'retail', '--type', 'sms', '--price', '1.4', '--country', 'ru')).stdout,
      'plan: retail\ntype: sms\ncountry: RU\nmccmnc: any\nprice: 1.40\n',
    );
    await run('tariff', 'set', 'retail', '--type', 'sms', '--price', '2');
    await run('tariff', 'set', 'retail', '--type', 'flash', '--price', '1.50', '--country', 'RU', '--mccmnc', '25001');
    await run('tariff', 'set', 'retail', '--type', 'viber', '--price', '0.5', '--mccmnc', '25099');
    await run('tariff', 'set', 'retail', '--type', 'sms', '--price', '3', '--country', 'KZ');
    const changed = await run('tariff', 'set', 'retail', '--type', 'sms', '--price', '1.35', '--country', 'RU', '--mccmnc', '*');
    assert.match(changed.stdout, /price: 1\.35\n$/, 'the same key again changes the price');
    assert.equal(
      (await run('tariff', 'show', 'retail')).stdout,
      [
        'plan: retail',
        'currency: RUB',
        'type   country  mccmnc  price  name',
        'sms    KZ       *       3.00   Kazakhstan',
        'sms    RU       *       1.35   Russia',
        'flash  RU       25001   1.50   Russia (MTS)',
        'viber  *        25099   0.50   Russia (Beeline)',
        'sms    *        *       2.00   Other destinations',
        '',
      ].join('\n'),
    );

    const removed = await run('tariff', 'remove', 'retail', '--type', 'sms', '--country', 'KZ');
    assert.equal(removed.stdout, 'plan: retail\ntype: sms\ncountry: KZ\nmccmnc: any\nremoved: yes\n');
    assert.equal((await rulesOf(store, 'retail')).length, 4);
  });

  test(`${database.name}: tariff commands report bad input on one stderr line with exit code 1`, async (t) => {
    const { run } = await cliHarness(t, database, register);
    await run('tariff', 'create', 'retail');
    const cases: [string[], string][] = [
      [['tariff', 'create', 'retail'], 'error: a plan with that name exists\n'],
      [['tariff', 'create', 'none'], "error: a plan name is 1 to 64 characters of A-Z a-z 0-9 . _ - (and not 'none')\n"],
      [['tariff', 'create', 'x', '--currency', 'rub'], 'error: a currency is three capital letters, e.g. RUB\n'],
      [['tariff', 'set', 'nothing', '--type', 'sms', '--price', '1'], 'error: no tariff plan has that name\n'],
      [['tariff', 'set', 'retail', '--type', 'fax', '--price', '1'], 'error: a type is one of sms, flash, mail, viber, voice, mms, hlr\n'],
      [['tariff', 'set', 'retail', '--type', 'sms', '--price', '1,40'], 'error: a price is a decimal like 1.40 or 2, not negative\n'],
      [['tariff', 'set', 'retail', '--type', 'sms', '--price', '-1'], 'error: a price is a decimal like 1.40 or 2, not negative\n'],
      [['tariff', 'set', 'retail', '--type', 'sms', '--price', '1', '--country', 'XX'], 'error: a country is a two-letter ISO 3166 code such as RU, or * for any\n'],
      [['tariff', 'set', 'retail', '--type', 'sms', '--price', '1', '--mccmnc', '250'], 'error: an mccmnc is the 5 or 6 digits of MCC and MNC, e.g. 25001, or * for any\n'],
      [['tariff', 'set', 'retail', '--type', 'mail', '--price', '1', '--country', 'RU'], 'error: an e-mail has no country or operator, so a mail rule names neither\n'],
      [['tariff', 'remove', 'retail', '--type', 'sms'], 'error: the plan has no rule with that type, country and mccmnc\n'],
      [['tariff', 'show', 'nothing'], 'error: no tariff plan has that name\n'],
      [['tariff', 'assign', 'nobody', 'retail'], 'error: no account has that login\n'],
    ];
    for (const [args, expected] of cases) {
      const result = await run(...args);
      assert.deepEqual([result.stdout, result.stderr, result.exitCode], ['', expected, 1], args.join(' '));
    }
    const missing = await run('tariff', 'set', 'retail', '--price', '1');
    assert.equal(missing.exitCode, 1);
    assert.match(missing.stderr, /required option '--type <type>' not specified/);
  });

  test(`${database.name}: tariff import replaces every rule at once, and a bad line changes nothing`, async (t) => {
    const { run, store } = await cliHarness(t, database, register);
    const files = csvFiles(t, {
      'semicolons.csv': '\uFEFFtype;country;mccmnc;price\r\nsms;RU;;1,40\r\nsms;RU;25001;1,20\r\n\r\nsms;*;*;2\r\n',
      'commas.csv': 'type,country,mccmnc,price\nsms,,,1.9\nmail,*,*,0.05\n',
      'bad-price.csv': 'type;country;mccmnc;price\nsms;RU;;1\nsms;KZ;;free\n',
      'repeat.csv': 'type,country,mccmnc,price\nsms,RU,,1\nflash,RU,,1\nsms,ru,*,2\n',
      'no-header.csv': 'sms;RU;;1\n',
    });
    await run('tariff', 'create', 'retail');
    const imported = await run('tariff', 'import', 'retail', files['semicolons.csv']!);
    assert.deepEqual([imported.stdout, imported.stderr], ['plan: retail\nrules: 3\n', '']);
    assert.deepEqual(await rulesOf(store, 'retail'), [
      { type: 'sms', country: 'RU', mccmnc: '', price_minor: 140 },
      { type: 'sms', country: 'RU', mccmnc: '25001', price_minor: 120 },
      { type: 'sms', country: '', mccmnc: '', price_minor: 200 },
    ]);

    assert.equal((await run('tariff', 'import', 'retail', files['commas.csv']!)).stdout, 'plan: retail\nrules: 2\n');
    const replaced = [
      { type: 'sms', country: '', mccmnc: '', price_minor: 190 },
      { type: 'mail', country: '', mccmnc: '', price_minor: 5 },
    ];
    assert.deepEqual(await rulesOf(store, 'retail'), replaced, 'the old rules are gone');

    const refused: [string, string][] = [
      ['bad-price.csv', 'line 3: a price is a decimal like 1.40 or 2, not negative; the plan is unchanged'],
      ['repeat.csv', 'line 4: the same type, country and mccmnc as an earlier line (line 2); the plan is unchanged'],
      ['no-header.csv', 'line 1: the first line must be the header type;country;mccmnc;price (or the same with commas); the plan is unchanged'],
    ];
    for (const [name, problem] of refused) {
      const result = await run('tariff', 'import', 'retail', files[name]!);
      assert.deepEqual([result.stdout, result.stderr, result.exitCode], ['', `error: ${files[name]} ${problem}\n`, 1], name);
      assert.deepEqual(await rulesOf(store, 'retail'), replaced, `${name} left the plan as it was`);
    }
    const unknown = await run('tariff', 'import', 'nothing', files['commas.csv']!);
    assert.deepEqual([unknown.stderr, unknown.exitCode], ['error: no tariff plan has that name\n', 1]);
    const absent = await run('tariff', 'import', 'retail', join(tmpdir(), 'no-such-tariff.csv'));
    assert.match(absent.stderr, /^error: ENOENT: no such file or directory.*no-such-tariff\.csv'\n$/);
  });

  test(`${database.name}: tariff assign prices an account by a plan in its currency, or by the flat prices`, async (t) => {
    const { run, store } = await cliHarness(t, database, register);
    await run('account', 'create', 'demo', '--password', 'p');
    await run('tariff', 'create', 'retail');
    await run('tariff', 'create', 'dollars', '--currency', 'USD');
    const planId = async () => (await store.db.selectFrom('accounts').select('tariff_plan_id').where('login', '=', 'demo').executeTakeFirstOrThrow()).tariff_plan_id;

    assert.equal((await run('tariff', 'assign', 'demo', 'retail')).stdout, 'login: demo\ntariff_plan: retail\n');
    const retail = await store.db.selectFrom('tariff_plans').select('id').where('name', '=', 'retail').executeTakeFirstOrThrow();
    assert.equal(await planId(), retail.id);

    const mismatch = await run('tariff', 'assign', 'demo', 'dollars');
    assert.deepEqual([mismatch.stderr, mismatch.exitCode], ['error: plan dollars is in USD but the account is in RUB\n', 1]);
    assert.equal(await planId(), retail.id, 'a refused plan leaves the account as it was');

    assert.equal((await run('tariff', 'assign', 'demo', 'none')).stdout, 'login: demo\ntariff_plan: none\n');
    assert.equal(await planId(), null);
  });
}
