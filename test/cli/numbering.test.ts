// The `numbering` commands in-process on both databases: imports from the fixture files, lookups, refused files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { registerNumberingCommands } from '../../src/cli/numbering.ts';
import { readNumberRanges } from '../../src/store/numbering.ts';
import { DATABASES } from '../support/databases.ts';
import { cliHarness } from '../support/cli.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/numbering/${name}`, import.meta.url));
const DEF = fixture('DEF-9xx.utf8.csv');
const ABC = fixture('ABC-3xx-4xx-8xx.cp1251.csv');

for (const database of DATABASES) {
  test(`${database.name}: numbering import-registry takes both encodings, prints counts, and lookup shows the result`, async (t) => {
    const { run } = await cliHarness(t, database, registerNumberingCommands);
    const before = await run('numbering', 'lookup', '+7 916 111-11-11');
    assert.equal(before.stdout, 'phone: 79161111111\ncountry: RU\ncountry_name: Россия\noperator: \nregion: \nmccmnc: \n');
    const imported = await run('numbering', 'import-registry', DEF, ABC, '--db', 'x');
    assert.deepEqual([imported.stdout, imported.stderr, imported.exitCode, imported.dbOptions], [`${DEF}: 8 ranges\n${ABC}: 3 ranges\nranges: 11\n`, '', undefined, ['x']]);
    const ru = await run('numbering', 'lookup', '89161111111');
    assert.equal(ru.stdout, 'phone: 79161111111\ncountry: RU\ncountry_name: Россия\noperator: МТС\nregion: г. Москва и Московская область\nmccmnc: 25001\n');
    const en = await run('numbering', 'lookup', '79161111111', '--language', 'en');
    assert.equal(en.stdout, 'phone: 79161111111\ncountry: RU\ncountry_name: Russia\noperator: MTS\nregion: g. Moskva i Moskovskaya oblast\nmccmnc: 25001\n');
    // A second import replaces the first: only the ABC ranges remain.
    assert.equal((await run('numbering', 'import-registry', ABC)).stdout, `${ABC}: 3 ranges\nranges: 3\n`);
    assert.match((await run('numbering', 'lookup', '79161111111')).stdout, /\noperator: \n/);
  });

  test(`${database.name}: numbering import-mnp adds to the ported numbers, --replace starts over`, async (t) => {
    const { run } = await cliHarness(t, database, registerNumberingCommands);
    const central = await run('numbering', 'import-mnp', fixture('Port_All.csv'));
    assert.deepEqual([central.stdout, central.exitCode], [`${fixture('Port_All.csv')}: 3 numbers\nported_numbers: 3\n`, undefined]);
    const simple = await run('numbering', 'import-mnp', fixture('ported-simple.cp1251.csv'));
    assert.equal(simple.stdout, `${fixture('ported-simple.cp1251.csv')}: 4 numbers\nported_numbers: 7\n`);
    assert.match((await run('numbering', 'lookup', '79501231111', '--language', 'en')).stdout, /\noperator: MegaFon\n.*\nmccmnc: 25002\n$/s);
    assert.match((await run('numbering', 'lookup', '79991234567')).stdout, /\noperator: Феникс\n.*\nmccmnc: 25097\n$/s);
    const replaced = await run('numbering', 'import-mnp', fixture('Port_All.csv'), '--replace');
    assert.equal(replaced.stdout, `${fixture('Port_All.csv')}: 3 numbers\nported_numbers: 3\n`);
    assert.match((await run('numbering', 'lookup', '79991234567')).stdout, /\noperator: МегаФон\n/, 'back to the packaged operator');
  });

  test(`${database.name}: a bad file is refused with its line, and nothing of any file is imported`, async (t) => {
    const { run, store } = await cliHarness(t, database, registerNumberingCommands);
    const dir = mkdtempSync(join(tmpdir(), 'opensmsc-numbering-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    await run('numbering', 'import-registry', ABC);
    const bad = join(dir, 'DEF-9xx.csv');
    writeFileSync(bad, 'АВС/ DEF;От;До;Емкость;Оператор;Регион\n916;0000000;9999999;10000000;ПАО "МТС";г. Москва\n916;9999999;0000000;1;ПАО "МТС";г. Москва\n');
    const refused = await run('numbering', 'import-registry', DEF, bad);
    assert.deepEqual([refused.stdout, refused.stderr, refused.exitCode], ['', `error: ${bad}, line 3: От 9999999 is after До 0000000; nothing was imported\n`, 1]);
    assert.equal((await readNumberRanges(store)).length, 3, 'the earlier import is intact');
    const missing = await run('numbering', 'import-mnp', join(dir, 'absent.csv'));
    assert.equal(missing.exitCode, 1);
    assert.match(missing.stderr, /^error: cannot read .*absent\.csv: ENOENT/);
    const mnp = join(dir, 'ported.csv');
    writeFileSync(mnp, 'phone;mccmnc;operator\n79161234567;25001;\n7916;25001;\n');
    const refusedMnp = await run('numbering', 'import-mnp', mnp);
    assert.deepEqual([refusedMnp.stderr, refusedMnp.exitCode], [`error: ${mnp}, line 3: phone "7916" is not 10 to 15 digits; nothing was imported\n`, 1]);
    assert.match((await run('numbering', 'lookup', '79161234567')).stdout, /\noperator: \n/, 'no ported number was stored');
  });

  test(`${database.name}: numbering lookup refuses what is not a phone number and unknown languages`, async (t) => {
    const { run } = await cliHarness(t, database, registerNumberingCommands);
    const invalid = await run('numbering', 'lookup', '12345');
    assert.deepEqual([invalid.stderr, invalid.exitCode], ['error: a phone number is 10 to 15 digits, optionally after +\n', 1]);
    const language = await run('numbering', 'lookup', '79161234567', '--language', 'de');
    assert.equal(language.exitCode, 1);
    assert.match(language.stderr, /argument 'de' is invalid. Allowed choices are ru, en/);
  });
}
