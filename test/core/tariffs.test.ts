// Tariffs on both databases: the most specific rule prices a message, flash falls back to sms, the cache and currencies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_CONFIG } from '../../src/config.ts';
import { openStore, type Store } from '../../src/store/database.ts';
import type { Account } from '../../src/store/schema.ts';
import { createAccount, findAccountByLogin } from '../../src/core/accounts.ts';
import { Tariffs, type PriceQuery, type TariffRule } from '../../src/core/tariffs.ts';
import { assignTariffPlan, createTariffPlan, importTariffCsv, removeTariffRule, setTariffRule } from '../../src/core/tariff-plans.ts';
import { parseTariffCsv } from '../../src/core/tariff-csv.ts';
import { normaliseRule } from '../../src/core/tariff-rules.ts';
import { DATABASES, freshStore } from '../support/databases.ts';

const NOW = 1_764_000_000_000;
const FLAT = { smsSegmentPriceMinor: 150, emailPriceMinor: 10 };

/** A RUB account priced by a new plan `name` holding `rules`. */
async function accountOnPlan(store: Store, login: string, name: string, rules: TariffRule[]): Promise<Account> {
  await createAccount(store, { login, password: 'p', currency: 'RUB', now: NOW });
  assert.ok('plan' in (await createTariffPlan(store, { name, currency: 'RUB', now: NOW })));
  for (const rule of rules) assert.ok('rule' in (await setTariffRule(store, name, rule)), JSON.stringify(rule));
  const assigned = await assignTariffPlan(store, login, name);
  assert.ok('account' in assigned);
  return assigned.account;
}

/** A plan with a rule at every level, for the specificity table below. */
const LAYERED: TariffRule[] = [
  { type: 'sms', country: '', mccmnc: '', priceMinor: 200 },
  { type: 'sms', country: 'RU', mccmnc: '', priceMinor: 140 },
  { type: 'sms', country: 'RU', mccmnc: '25001', priceMinor: 120 },
  { type: 'sms', country: '', mccmnc: '25002', priceMinor: 110 },
  { type: 'sms', country: 'RU', mccmnc: '25099', priceMinor: 105 },
  { type: 'sms', country: '', mccmnc: '25099', priceMinor: 106 },
  { type: 'sms', country: 'KZ', mccmnc: '', priceMinor: 300 },
  { type: 'flash', country: 'RU', mccmnc: '', priceMinor: 150 },
  { type: 'flash', country: '', mccmnc: '', priceMinor: 250 },
  { type: 'flash', country: 'RU', mccmnc: '25020', priceMinor: 160 },
  { type: 'viber', country: 'RU', mccmnc: '', priceMinor: 50 },
  { type: 'mail', country: '', mccmnc: '', priceMinor: 10 },
];

/** Query → price under LAYERED, with why (docs/tariffs.md, "Which rule prices a message"). */
const CASES: [PriceQuery, number | undefined, string][] = [
  [{ type: 'sms', country: 'RU', mccmnc: '25001' }, 120, 'an operator rule beats the country rule'],
  [{ type: 'sms', country: 'RU', mccmnc: '25003' }, 140, 'an operator without a rule: the country rule'],
  [{ type: 'sms', country: 'RU', mccmnc: '' }, 140, 'unknown operator: the country rule'],
  [{ type: 'sms', country: 'RU', mccmnc: '25002' }, 110, 'an operator rule naming no country still beats the country rule'],
  [{ type: 'sms', country: 'RU', mccmnc: '25099' }, 105, 'at the operator level the rule naming the country wins'],
  [{ type: 'sms', country: '', mccmnc: '25099' }, 106, 'unknown country: only the operator rule without a country applies'],
  [{ type: 'sms', country: 'KZ', mccmnc: '25099' }, 106, 'a rule naming another country never applies'],
  [{ type: 'sms', country: 'KZ', mccmnc: '40101' }, 300, 'another country rule'],
  [{ type: 'sms', country: 'DE', mccmnc: '26201' }, 200, 'no operator or country rule: the catch-all'],
  [{ type: 'sms', country: '', mccmnc: '' }, 200, 'unknown destination: the catch-all'],
  [{ type: 'flash', country: 'RU', mccmnc: '25020' }, 160, 'flash with a flash operator rule'],
  [{ type: 'flash', country: 'RU', mccmnc: '25001' }, 120, 'flash without a flash rule at the operator level: sms at that level, before flash of the country'],
  [{ type: 'flash', country: 'RU', mccmnc: '25003' }, 150, 'flash at the country level'],
  [{ type: 'flash', country: 'KZ', mccmnc: '' }, 300, 'flash without a flash rule for the country: sms of the country, before the flash catch-all'],
  [{ type: 'flash', country: 'DE', mccmnc: '' }, 250, 'flash catch-all before sms catch-all'],
  [{ type: 'viber', country: 'RU', mccmnc: '25001' }, 50, 'viber: the country rule, never sms'],
  [{ type: 'viber', country: 'DE', mccmnc: '' }, undefined, 'viber has no catch-all and no fallback'],
  [{ type: 'mail', country: '', mccmnc: '' }, 10, 'mail'],
  [{ type: 'mms', country: 'RU', mccmnc: '25001' }, undefined, 'a type the plan does not price'],
];

for (const database of DATABASES) {
  test(`${database.name}: the most specific rule prices each message`, async (t) => {
    const store = await freshStore(t, database);
    const account = await accountOnPlan(store, 'demo', 'layered', LAYERED);
    const list = await new Tariffs(store, { cacheSeconds: 60, now: () => NOW, flat: FLAT }).priceListFor(account);
    assert.equal(list.currency, 'RUB');
    assert.deepEqual(list.rules, LAYERED, 'the rules as written, in order');
    for (const [query, expected, why] of CASES) assert.equal(list.priceOf(query), expected, `${JSON.stringify(query)}: ${why}`);
  });

  test(`${database.name}: without a catch-all an unknown destination has no price`, async (t) => {
    const store = await freshStore(t, database);
    const account = await accountOnPlan(store, 'demo', 'russia-only', [{ type: 'sms', country: 'RU', mccmnc: '', priceMinor: 140 }]);
    const list = await new Tariffs(store, { cacheSeconds: 60, now: () => NOW, flat: FLAT }).priceListFor(account);
    assert.equal(list.priceOf({ type: 'sms', country: 'RU', mccmnc: '25001' }), 140);
    assert.equal(list.priceOf({ type: 'flash', country: 'RU', mccmnc: '' }), 140, 'flash priced as sms');
    assert.equal(list.priceOf({ type: 'sms', country: '', mccmnc: '' }), undefined);
    assert.equal(list.priceOf({ type: 'sms', country: 'DE', mccmnc: '26201' }), undefined);
    assert.equal(list.priceOf({ type: 'mail', country: '', mccmnc: '' }), undefined, 'the flat e-mail price does not leak into a plan');
  });

  test(`${database.name}: an account without a plan pays the flat prices in its own currency`, async (t) => {
    const store = await freshStore(t, database);
    await createAccount(store, { login: 'demo', password: 'p', currency: 'KZT', now: NOW });
    const account = (await findAccountByLogin(store, 'demo'))!;
    const list = await new Tariffs(store, { cacheSeconds: 60, now: () => NOW, flat: FLAT }).priceListFor(account);
    assert.equal(list.currency, 'KZT');
    assert.equal(list.priceOf({ type: 'sms', country: 'RU', mccmnc: '25001' }), 150);
    assert.equal(list.priceOf({ type: 'flash', country: '', mccmnc: '' }), 150);
    assert.equal(list.priceOf({ type: 'mail', country: '', mccmnc: '' }), 10);
    assert.equal(list.priceOf({ type: 'viber', country: 'RU', mccmnc: '' }), undefined);
  });

  test(`${database.name}: a plan in another currency is refused and the account keeps its prices`, async (t) => {
    const store = await freshStore(t, database);
    await createAccount(store, { login: 'demo', password: 'p', currency: 'RUB', now: NOW });
    await createTariffPlan(store, { name: 'dollars', currency: 'USD', now: NOW });
    assert.deepEqual(await assignTariffPlan(store, 'demo', 'dollars'), { error: 'currencyMismatch', planCurrency: 'USD', accountCurrency: 'RUB' });
    assert.equal((await findAccountByLogin(store, 'demo'))!.tariff_plan_id, null);
    assert.deepEqual(await assignTariffPlan(store, 'demo', 'nothing'), { error: 'unknownPlan' });
    assert.deepEqual(await assignTariffPlan(store, 'nobody', null), { error: 'unknownAccount' });
    assert.deepEqual(await createTariffPlan(store, { name: 'dollars', currency: 'USD', now: NOW }), { error: 'planNameTaken' });
    assert.deepEqual(await createTariffPlan(store, { name: 'none', currency: 'USD', now: NOW }), { error: 'invalidPlanName' });
    assert.deepEqual(await createTariffPlan(store, { name: 'euros', currency: 'eur', now: NOW }), { error: 'invalidCurrency' });
  });

  test(`${database.name}: rules are cached; own changes show at once, another connection's after cacheSeconds`, async (t) => {
    const { url, drop } = await database.create();
    const own = await openStore(url);
    const other = await openStore(url);
    t.after(async () => {
      await own.close();
      await other.close();
      await drop();
    });
    let clock = NOW;
    const tariffs = new Tariffs(own, { cacheSeconds: 60, now: () => clock, flat: FLAT });
    const account = await accountOnPlan(own, 'demo', 'retail', [{ type: 'sms', country: '', mccmnc: '', priceMinor: 100 }]);
    const sms = { type: 'sms', country: 'RU', mccmnc: '25001' } as const;
    const price = async () => (await tariffs.priceListFor(account)).priceOf(sms);

    assert.equal(await price(), 100);
    assert.equal(await tariffs.priceListFor(account), await tariffs.priceListFor(account), 'one list serves every request');

    await setTariffRule(other, 'retail', { type: 'sms', priceMinor: 200 });
    assert.equal(await price(), 100, 'another process: the cached price');
    clock += 59_999;
    assert.equal(await price(), 100, 'still inside cacheSeconds');
    clock += 1;
    assert.equal(await price(), 200, 'cacheSeconds passed: read again');

    await setTariffRule(own, 'retail', { type: 'sms', country: 'RU', priceMinor: 300 });
    assert.equal(await price(), 300, 'a change through this store: at once');
    assert.ok('rules' in (await importTariffCsv(own, 'retail', 'type;country;mccmnc;price\nsms;RU;25001;1,25\n')));
    assert.equal(await price(), 125, 'an import through this store: at once');
    assert.ok('removed' in (await removeTariffRule(own, 'retail', { type: 'sms', country: 'RU', mccmnc: '25001' })));
    assert.equal(await price(), undefined, 'a removal through this store: at once');
  });
}

test('rules are checked: known type, real country, MCC+MNC, a price not negative, mail anywhere only', () => {
  const sms = { type: 'sms', priceMinor: 100 };
  assert.deepEqual(normaliseRule({ ...sms, country: ' ru ', mccmnc: '*' }), { rule: { type: 'sms', country: 'RU', mccmnc: '', priceMinor: 100 } });
  assert.deepEqual(normaliseRule({ type: 'FLASH', country: '*', mccmnc: '250020', priceMinor: 0 }), { rule: { type: 'flash', country: '', mccmnc: '250020', priceMinor: 0 } });
  const refused: [Parameters<typeof normaliseRule>[0], string][] = [
    [{ ...sms, type: 'telegram' }, 'unknownType'],
    [{ ...sms, country: 'XX' }, 'invalidCountry'],
    [{ ...sms, country: 'RUS' }, 'invalidCountry'],
    [{ ...sms, mccmnc: '2500' }, 'invalidMccmnc'],
    [{ ...sms, mccmnc: '25001a' }, 'invalidMccmnc'],
    [{ ...sms, priceMinor: -1 }, 'invalidPrice'],
    [{ ...sms, priceMinor: 1.5 }, 'invalidPrice'],
    [{ type: 'mail', country: 'RU', priceMinor: 10 }, 'mailByDestination'],
  ];
  for (const [input, error] of refused) assert.deepEqual(normaliseRule(input), { error }, JSON.stringify(input));
});

test('CSV: either separator, decimal commas with ;, blank lines, BOM and CRLF; the first bad line is named', () => {
  const semicolons = '\uFEFFType; Country; MCCMNC; Price\r\nsms;RU;;1,40\r\n\r\nflash;*;*;2\r\nmail;;;0.1\r\n';
  assert.deepEqual(parseTariffCsv(semicolons), {
    rules: [
      { type: 'sms', country: 'RU', mccmnc: '', priceMinor: 140 },
      { type: 'flash', country: '', mccmnc: '', priceMinor: 200 },
      { type: 'mail', country: '', mccmnc: '', priceMinor: 10 },
    ],
  });
  assert.deepEqual(parseTariffCsv('type,country,mccmnc,price\nsms,,25001,1.2\n'), { rules: [{ type: 'sms', country: '', mccmnc: '25001', priceMinor: 120 }] });
  const header = 'type,country,mccmnc,price\n';
  const problems: [string, unknown][] = [
    ['', { error: 'csvHeader', line: 1 }],
    ['type;country;price\nsms;RU;1\n', { error: 'csvHeader', line: 1 }],
    [`${header}sms,RU,,1.40\nsms,RU,1.40\n`, { error: 'csvColumns', line: 3 }],
    [`${header}sms,RU,,1,40\n`, { error: 'csvColumns', line: 2 }],
    [`${header}sms,RU,,abc\n`, { error: 'invalidPrice', line: 2 }],
    [`${header}sms,RU,,-1\n`, { error: 'invalidPrice', line: 2 }],
    [`${header}\nfax,RU,,1\n`, { error: 'unknownType', line: 3 }],
    [`${header}sms,RU,,1\nsms,ru,*,2\n`, { error: 'duplicateRule', line: 3, firstLine: 2 }],
  ];
  for (const [csv, expected] of problems) assert.deepEqual(parseTariffCsv(csv), expected, JSON.stringify(csv));
});
