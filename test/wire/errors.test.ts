// The SMSC error catalog against docs/compatibility.md, and its envelope in every fmt (spec §1.1, §3.3).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { renderError, SMSC_ERRORS } from '../../src/wire/errors.ts';
import type { Fmt, SmscErrorName } from '../../src/wire/types.ts';

/** The rows of the "Errors (all scripts)" table: `| name | code | \`text\` … |`. */
function documentedErrors(): Map<string, { code: number; text: string }> {
  const docs = readFileSync(new URL('../../docs/compatibility.md', import.meta.url), 'utf8');
  const section = docs.split('## Errors (all scripts)')[1]!.split('\n## ')[0]!;
  const table = section.split('\n\n').find((block) => block.startsWith('| name | code | text |'))!;
  const rows = table.split('\n').slice(2);
  return new Map(
    rows.map((row) => {
      const m = /^\| (\w+) \| (\d+) \| `([^`]+)`/.exec(row);
      assert.ok(m, `unparsed docs row: ${row}`);
      return [m[1]!, { code: Number(m[2]), text: m[3]! }];
    }),
  );
}

describe('SMSC_ERRORS matches docs/compatibility.md "Errors"', () => {
  const documented = documentedErrors();

  it('the docs table was found and parsed', () => assert.equal(documented.size, Object.keys(SMSC_ERRORS).length));

  for (const [name, entry] of Object.entries(SMSC_ERRORS)) {
    it(`${name} is documented with code ${entry.code} and text "${entry.text}"`, () => {
      assert.deepEqual(documented.get(name), entry);
    });
  }

  it('every documented row exists in the catalog', () => {
    assert.deepEqual([...documented.keys()].sort(), Object.keys(SMSC_ERRORS).sort());
  });
});

describe('renderError (docs "Errors" fmt table, spec §1.1 and §3.3)', () => {
  const cases: Array<[string, SmscErrorName, string | undefined, Fmt, string]> = [
    ['without id', 'parameters', undefined, 0, 'ERROR = 1 (parameters error)'],
    ['without id', 'parameters', undefined, 1, '0,-1'],
    ['without id', 'parameters', undefined, 2, '<result>\n<error>parameters error</error>\n<error_code>1</error_code>\n</result>'],
    // recorded-responses-2013 0ff73d15…, Content-Length 48
    ['without id, as recorded in 2013', 'parameters', undefined, 3, '{\n"error": "parameters error",\n"error_code": 1\n}'],
    // recorded-responses-2013 03b01bce…
    ['without id, as recorded in 2013', 'recordNotFound', undefined, 3, '{\n"error": "record not found",\n"error_code": 3\n}'],
    ['with id (spec §3.3 sample)', 'invalidNumber', '541', 0, 'ERROR = 7 (invalid number), ID - 541'],
    ['with id', 'invalidNumber', '541', 1, '541,-7'],
    [
      'with id',
      'invalidNumber',
      '541',
      2,
      '<result>\n<error>invalid number</error>\n<error_code>7</error_code>\n<id>541</id>\n</result>',
    ],
    ['with id', 'invalidNumber', '541', 3, '{\n"error": "invalid number",\n"error_code": 7,\n"id": 541\n}'],
    // docs: "seen as ERROR = 8 (can't to deliver), ID - 639"
    ['with id, text with an apostrophe', 'cannotDeliver', '639', 0, "ERROR = 8 (can't to deliver), ID - 639"],
    [
      'with id, text with an apostrophe',
      'cannotDeliver',
      '639',
      2,
      '<result>\n<error>can&apos;t to deliver</error>\n<error_code>8</error_code>\n<id>639</id>\n</result>',
    ],
    ['with id, text with an apostrophe', 'cannotDeliver', '639', 3, '{\n"error": "can\'t to deliver",\n"error_code": 8,\n"id": 639\n}'],
    ['with a string id', 'noMoney', 'order-7', 0, 'ERROR = 3 (no money), ID - order-7'],
    ['with a string id', 'noMoney', 'order-7', 1, 'order-7,-3'],
    [
      'with a string id',
      'noMoney',
      'order-7',
      2,
      '<result>\n<error>no money</error>\n<error_code>3</error_code>\n<id>order-7</id>\n</result>',
    ],
    ['with a string id', 'noMoney', 'order-7', 3, '{\n"error": "no money",\n"error_code": 3,\n"id": "order-7"\n}'],
  ];
  for (const [label, error, id, fmt, expected] of cases) {
    it(`${error} ${label}, fmt ${fmt}`, () => {
      assert.equal(renderError(id === undefined ? { error } : { error, id }, fmt), expected);
    });
  }

  it('the recorded 2013 error body is 48 bytes, as its Content-Length says', () => {
    assert.equal(Buffer.byteLength(renderError({ error: 'parameters' }, 3)), 48);
  });

  it('every catalog entry renders in fmt 0 and 1 from its code and text', () => {
    for (const [name, { code, text }] of Object.entries(SMSC_ERRORS)) {
      assert.equal(renderError({ error: name as SmscErrorName }, 0), `ERROR = ${code} (${text})`);
      assert.equal(renderError({ error: name as SmscErrorName }, 1), `0,-${code}`);
    }
  });
});
