// Reading import CSVs: the encodings the registry ships in, quoted fields, and columns found by header name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import iconv from 'iconv-lite';
import { decodeText, findColumns, readCsv, splitFields } from '../../src/numbering/csv-table.ts';

test('UTF-8 is read as UTF-8 and its byte order mark dropped; anything else is windows-1251', () => {
  const text = 'АВС/ DEF;Оператор';
  assert.equal(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])), text);
  assert.equal(decodeText(Buffer.from(text)), text);
  // АВС in windows-1251 is C0 C2 D1: not valid UTF-8.
  assert.deepEqual([...iconv.encode(text, 'win1251').subarray(0, 3)], [0xc0, 0xc2, 0xd1]);
  assert.equal(decodeText(iconv.encode(text, 'win1251')), text);
});

test('fields: as written, wholly quoted with doubled quotes, blank-padded, empty', () => {
  assert.deepEqual(splitFields('916;0000000;ПАО "МТС";г. Москва', ';'), ['916', '0000000', 'ПАО "МТС"', 'г. Москва']);
  assert.deepEqual(splitFields('950;"ПАО ""Мобильные ТелеСистемы""";Тверская обл.', ';'), ['950', 'ПАО "Мобильные ТелеСистемы"', 'Тверская обл.']);
  assert.deepEqual(splitFields('"a;b";c', ';'), ['a;b', 'c'], 'a quoted field may hold the separator');
  assert.deepEqual(splitFields('301;\t2100000;\tОАО "АСВТ"', ';'), ['301', '2100000', 'ОАО "АСВТ"']);
  assert.deepEqual(splitFields('"МТС" Москва;x', ';'), ['"МТС" Москва', 'x'], 'a quote that does not end the field is text');
  assert.deepEqual(splitFields('"unclosed;x', ';'), ['"unclosed', 'x']);
  assert.deepEqual(splitFields('a;;b;', ';'), ['a', '', 'b', '']);
  assert.deepEqual(splitFields('9000000001,mMEGAFON,02,,', ','), ['9000000001', 'mMEGAFON', '02', '', '']);
});

test('rows keep their line numbers in the file; blank lines are skipped; the separator follows the header', () => {
  const table = readCsv('\r\nh1;h2\r\na;b\r\n\r\nc;d\r\n');
  assert.deepEqual(table, { header: ['h1', 'h2'], headerLine: 2, rows: [{ line: 3, fields: ['a', 'b'] }, { line: 5, fields: ['c', 'd'] }] });
  assert.deepEqual(readCsv('Number,MNC\n9000000000,02')?.rows, [{ line: 2, fields: ['9000000000', '02'] }]);
  assert.equal(readCsv(' \n\n'), undefined);
});

test('columns are found by name, in any order, with Cyrillic or Latin АВС, any case and spacing', () => {
  const wanted = { code: ['АВС/ DEF'], operator: ['Оператор'] };
  const cyrillic = readCsv('Регион;Оператор;АВС/ DEF\n')!;
  assert.deepEqual(findColumns(cyrillic, wanted), { columns: { code: 2, operator: 1 } });
  const latin = readCsv('abc/def;ОПЕРАТОР\n')!;
  assert.deepEqual(findColumns(latin, wanted), { columns: { code: 0, operator: 1 } });
  const missing = readCsv('\nАВС/ DEF;От;До\n')!;
  assert.deepEqual(findColumns(missing, wanted), { err: { line: 2, reason: 'the header has no column Оператор' } });
});
