// The fmt building blocks: recorded JSON layout, XML escaping, ids, Content-Type and charset encoding (docs "Responses in general").
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contentType, encodeBody, idValue, jsonArray, jsonObject, xmlElement, xmlEscape } from '../../src/wire/format.ts';
import type { Fmt } from '../../src/wire/types.ts';

const bytes = (...octets: number[]) => Buffer.from(octets);

describe('jsonObject / jsonArray: the layout recorded in 2013 (shared/spec/recorded-responses-2013.txt)', () => {
  it('cost answer d74ec433…: {"cost": "0.4", "cnt": 1}, Content-Length 27', () => {
    const body = jsonObject([['cost', '0.4'], ['cnt', 1]]);
    assert.equal(body, '{\n"cost": "0.4",\n"cnt": 1\n}');
    assert.equal(Buffer.byteLength(body), 27);
  });

  it('group list 802796fd…, Content-Length 135', () => {
    const body = jsonArray([
      [['id', 5924], ['name', 'My group new name']],
      [['id', 5922], ['name', 'New group']],
      [['id', 5921], ['name', 'New group'], ['number', 1234]],
    ]);
    assert.equal(
      body,
      '[{\n"id": 5924,\n"name": "My group new name"\n},\n{\n"id": 5922,\n"name": "New group"\n},\n' +
        '{\n"id": 5921,\n"name": "New group",\n"number": 1234\n}]',
    );
    assert.equal(Buffer.byteLength(body), 135);
  });

  it('sender list 77421278…: one object, Content-Length 24', () => {
    const body = jsonArray([[['sender', 'zxcabs']]]);
    assert.equal(body, '[{\n"sender": "zxcabs"\n}]');
    assert.equal(Buffer.byteLength(body), 24);
  });

  it('an empty array is [] (docs "JSON layout")', () => {
    assert.equal(jsonArray([]), '[]');
  });

  it('a list inside an object is an array of objects (spec §3.6 "phones")', () => {
    assert.equal(
      jsonObject([['cnt', 1], ['phones', [[['phone', '79991234567']]]]]),
      '{\n"cnt": 1,\n"phones": [{\n"phone": "79991234567"\n}]\n}',
    );
  });

  it('strings are JSON-escaped; non-ASCII stays literal (docs "JSON layout")', () => {
    assert.equal(jsonObject([['message', 'Привет "a"\\\n\t']]), '{\n"message": "Привет \\"a\\"\\\\\\n\\t"\n}');
  });
});

describe('XML (docs "XML")', () => {
  it('escapes & < > " \' as entities', () => {
    assert.equal(xmlEscape(`a & b < c > d " e ' f`), 'a &amp; b &lt; c &gt; d &quot; e &apos; f');
  });

  it('one element per line, no declaration, values escaped', () => {
    assert.equal(
      xmlElement('result', [['error', "can't <do> & \"that\""], ['error_code', 8]]),
      '<result>\n<error>can&apos;t &lt;do&gt; &amp; &quot;that&quot;</error>\n<error_code>8</error_code>\n</result>',
    );
  });

  it('a list is <item> blocks; an empty list is an open and a close line', () => {
    assert.equal(
      xmlElement('result', [['phones', [[['phone', '1']], [['phone', '2']]]]]),
      '<result>\n<phones>\n<item>\n<phone>1</phone>\n</item>\n<item>\n<phone>2</phone>\n</item>\n</phones>\n</result>',
    );
    assert.equal(xmlElement('result', [['phones', []]]), '<result>\n<phones>\n</phones>\n</result>');
  });
});

describe('idValue (docs "Message ids")', () => {
  const cases: Array<[string, number | string]> = [
    ['42', 42],
    ['2147483647', 2147483647],
    ['2147483648', '2147483648'],
    ['0042', '0042'],
    ['0', '0'],
    ['order-7.b', 'order-7.b'],
  ];
  for (const [id, expected] of cases) it(`${id} → ${JSON.stringify(expected)}`, () => assert.equal(idValue(id), expected));
});

describe('contentType (docs "Responses in general")', () => {
  const cases: Array<[Fmt, string]> = [
    [0, 'text/plain; charset=windows-1251'],
    [1, 'text/plain; charset=windows-1251'],
    [2, 'text/xml; charset=windows-1251'],
    [3, 'application/json; charset=windows-1251'],
  ];
  for (const [fmt, expected] of cases) it(`fmt ${fmt}`, () => assert.equal(contentType(fmt, 'windows-1251'), expected));

  it('names the response charset (recorded 2013: application/json; charset=utf-8)', () => {
    assert.equal(contentType(3, 'utf-8'), 'application/json; charset=utf-8');
    assert.equal(contentType(0, 'koi8-r'), 'text/plain; charset=koi8-r');
  });
});

describe('encodeBody (spec §1 charset, docs "Characters the charset cannot hold")', () => {
  it('Cyrillic in windows-1251', () => {
    for (const fmt of [0, 1, 2, 3] as const) {
      assert.deepEqual(encodeBody('Привет', fmt, 'windows-1251'), bytes(0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2));
    }
  });

  it('Cyrillic in koi8-r', () => {
    for (const fmt of [0, 1, 2, 3] as const) {
      assert.deepEqual(encodeBody('Привет', fmt, 'koi8-r'), bytes(0xf0, 0xd2, 0xc9, 0xd7, 0xc5, 0xd4));
    }
  });

  it('ё and № in windows-1251', () => {
    assert.deepEqual(encodeBody('ё№', 3, 'windows-1251'), bytes(0xb8, 0xb9));
  });

  it('utf-8 is untouched, emoji included', () => {
    for (const fmt of [0, 1, 2, 3] as const) {
      assert.deepEqual(encodeBody('Привет 😀', fmt, 'utf-8'), Buffer.from('Привет 😀', 'utf8'));
    }
  });

  it('an emoji in windows-1251: a surrogate-pair escape in fmt 3', () => {
    assert.deepEqual(encodeBody('{\n"m": "a😀"\n}', 3, 'windows-1251'), Buffer.from('{\n"m": "a\\ud83d\\ude00"\n}', 'latin1'));
  });

  it('an emoji in windows-1251: a character reference in fmt 2', () => {
    assert.deepEqual(encodeBody('<m>a😀</m>', 2, 'windows-1251'), Buffer.from('<m>a&#128512;</m>', 'latin1'));
  });

  it('an emoji in windows-1251: one "?" in fmt 0 and 1 (plain text has no escape)', () => {
    for (const fmt of [0, 1] as const) {
      assert.deepEqual(encodeBody('a😀b', fmt, 'windows-1251'), Buffer.from('a?b', 'latin1'));
    }
  });

  it('what koi8-r lacks but windows-1251 has is escaped only for koi8-r (№ is U+2116)', () => {
    assert.deepEqual(encodeBody('№', 3, 'koi8-r'), Buffer.from('\\u2116', 'latin1'));
    assert.deepEqual(encodeBody('№', 2, 'koi8-r'), Buffer.from('&#8470;', 'latin1'));
    assert.deepEqual(encodeBody('№', 3, 'windows-1251'), bytes(0xb9));
  });
});
