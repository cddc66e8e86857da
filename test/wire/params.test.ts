// readParams: query and body decoding in the request charset, precedence, multipart, JSON and the field cap.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFmt, readParams, readQueryFormat, type RawRequest } from '../../src/wire/params.ts';

const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';

// 'Привет' as exact bytes in each charset of spec §1.
const PRIVET_CP1251 = '%CF%F0%E8%E2%E5%F2';
const PRIVET_KOI8R = '%F0%D2%C9%D7%C5%D4';
const PRIVET_UTF8 = '%D0%9F%D1%80%D0%B8%D0%B2%D0%B5%D1%82';

function params(entries: Record<string, string>): Map<string, string> {
  return new Map(Object.entries(entries));
}

/** A multipart/form-data body built by hand; each part is [headers, content bytes]. */
function multipart(boundary: string, parts: Array<[headers: string, content: Buffer | string]>): Buffer {
  const chunks: Buffer[] = [];
  for (const [headers, content] of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\n${headers}\r\n\r\n`, 'latin1'), Buffer.from(content), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

test('spec §1: the query defaults to windows-1251', async () => {
  assert.deepEqual(await readParams({ rawQuery: `login=demo&mes=${PRIVET_CP1251}` }), {
    params: params({ login: 'demo', mes: 'Привет' }),
    charset: 'windows-1251',
  });
});

test('spec §1: charset=koi8-r decodes koi8-r bytes', async () => {
  assert.deepEqual(await readParams({ rawQuery: `mes=${PRIVET_KOI8R}&charset=koi8-r` }), {
    params: params({ mes: 'Привет', charset: 'koi8-r' }),
    charset: 'koi8-r',
  });
});

test('spec §1: charset=utf-8 decodes UTF-8 bytes; invalid UTF-8 becomes U+FFFD', async () => {
  assert.deepEqual(await readParams({ rawQuery: `charset=UTF8&mes=${PRIVET_UTF8}&bad=%FF` }), {
    params: params({ charset: 'UTF8', mes: 'Привет', bad: '\uFFFD' }),
    charset: 'utf-8',
  });
});

test('docs/compatibility.md: an unknown charset falls back to windows-1251', async () => {
  assert.deepEqual(await readParams({ rawQuery: `charset=latin2&mes=${PRIVET_CP1251}` }), {
    params: params({ charset: 'latin2', mes: 'Привет' }),
    charset: 'windows-1251',
  });
});

test("spec §1 URL-encoding: '+' is a space and %2B a plus", async () => {
  assert.deepEqual(await readParams({ rawQuery: 'phones=+79991234567&time=%2B15&mes=a+b%2bc' }), {
    params: params({ phones: ' 79991234567', time: '+15', mes: 'a b+c' }),
    charset: 'windows-1251',
  });
});

test('PHP urldecode: invalid escapes (%zz, a lone %, a short %4) stay literal', async () => {
  assert.deepEqual(await readParams({ rawQuery: 'mes=100%zz%&x=%4&y=%%41' }), {
    params: params({ mes: '100%zz%', x: '%4', y: '%A' }),
    charset: 'windows-1251',
  });
});

test('PHP semantics: the last repeat wins, names are case-sensitive, a bare name is empty, empty pairs skipped', async () => {
  assert.deepEqual(await readParams({ rawQuery: 'a=1&&a=2&Mes=x&mes=y&flag&b=' }), {
    params: params({ a: '2', Mes: 'x', mes: 'y', flag: '', b: '' }),
    charset: 'windows-1251',
  });
});

test('an empty query has no parameters', async () => {
  assert.deepEqual(await readParams({ rawQuery: '' }), { params: new Map(), charset: 'windows-1251' });
});

test('docs/compatibility.md: a urlencoded body wins over the query; content type matched case-insensitively', async () => {
  const body = Buffer.from(`mes=${PRIVET_CP1251}&phones=79991234567`);
  // The content type's own charset parameter is not the SMSC charset (spec §1 names the `charset` parameter).
  const result = await readParams({ rawQuery: 'mes=query&fmt=3', body, contentType: 'Application/X-WWW-Form-Urlencoded; charset=UTF-8' });
  assert.deepEqual(result, {
    params: params({ mes: 'Привет', fmt: '3', phones: '79991234567' }),
    charset: 'windows-1251',
  });
});

test('the charset in the body wins over the one in the query and decodes the query too', async () => {
  const body = Buffer.from(`charset=utf-8&mes=${PRIVET_UTF8}`);
  const result = await readParams({ rawQuery: `charset=koi8-r&subj=${PRIVET_UTF8}`, body, contentType: FORM });
  assert.deepEqual(result, {
    params: params({ charset: 'utf-8', subj: 'Привет', mes: 'Привет' }),
    charset: 'utf-8',
  });
});

test('a body of another content type is ignored', async () => {
  const result = await readParams({ rawQuery: 'fmt=1', body: Buffer.from('fmt=3&mes=x'), contentType: 'text/plain' });
  assert.deepEqual(result, { params: params({ fmt: '1' }), charset: 'windows-1251' });
});

test('spec §1 multipart (smsc_api.php attaches file0): fields in cp1251 bytes, the file part dropped', async () => {
  const body = multipart('----smscBoundary7MA4YWxk', [
    ['Content-Disposition: form-data; name="login"', 'demo'],
    ['Content-Disposition: form-data; name="mes"', Buffer.from([0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2])],
    ['Content-Disposition: form-data; name="file0"; filename="photo.jpg"\r\nContent-Type: image/jpeg', Buffer.from([0xff, 0xd8, 0xff, 0x00, 0x0d, 0x0a])],
    ['Content-Disposition: form-data; name="mes2"', 'a+b %41'],
  ]);
  const result = await readParams({
    rawQuery: 'mes=query',
    body,
    contentType: 'multipart/form-data; boundary=----smscBoundary7MA4YWxk',
  });
  assert.deepEqual(result, {
    params: params({ mes: 'Привет', login: 'demo', mes2: 'a+b %41' }),
    charset: 'windows-1251',
  });
});

test('multipart: a charset field selects koi8-r for the fields', async () => {
  const body = multipart('b0undary', [
    ['Content-Disposition: form-data; name="mes"', Buffer.from([0xf0, 0xd2, 0xc9, 0xd7, 0xc5, 0xd4])],
    ['Content-Disposition: form-data; name="charset"', 'koi8-r'],
  ]);
  const result = await readParams({ rawQuery: '', body, contentType: 'MULTIPART/FORM-DATA; boundary=b0undary' });
  assert.deepEqual(result, { params: params({ mes: 'Привет', charset: 'koi8-r' }), charset: 'koi8-r' });
});

test('malformed multipart bodies are a parameters error, answered in the query charset and fmt (fuzz, issue 7)', async () => {
  const complete = multipart('xyz', [['Content-Disposition: form-data; name="mes"', 'hi']]);
  const cases: Array<[string, Buffer, string]> = [
    ['no closing boundary', complete.subarray(0, complete.indexOf('--xyz--')), 'multipart/form-data; boundary=xyz'],
    ['no boundary parameter', complete, 'multipart/form-data'],
    ['a part header without its blank line', Buffer.from('--xyz\r\nContent-Disposition: form-data; name="mes"'), 'multipart/form-data; boundary=xyz'],
  ];
  for (const [name, body, contentType] of cases) {
    assert.deepEqual(await readParams({ rawQuery: 'charset=utf-8&fmt=3', body, contentType }), { error: 'parameters', charset: 'utf-8', fmt: 3 }, name);
  }
});

test('fuzz seed 72025 (issue 7): a multipart body cut inside a file part is error 1, not an uncaught stream error', async () => {
  const complete = multipart('xyz', [['Content-Disposition: form-data; name="file0"; filename="a.bin"', Buffer.alloc(4096, 'f')]]);
  const body = complete.subarray(0, 200);
  const contentType = 'multipart/form-data; boundary=xyz';
  assert.deepEqual(await readParams({ rawQuery: 'fmt=2', body, contentType }), { error: 'parameters', charset: 'windows-1251', fmt: 2 });
  // An 'error' event nobody listens to is thrown on a later tick: give it one, so a regression fails this test.
  await new Promise((resolve) => setImmediate(resolve));
});

test('fuzz seed 72025 case 313 (issue 7): a multipart part named "" or not named at all reads as the empty name', async () => {
  const body = multipart('xyz', [
    ['Content-Disposition: form-data; name=""', 'a'],
    ['Content-Disposition: form-data', 'b'],
    ['Content-Disposition: form-data; name="fmt"', '1'],
  ]);
  const result = await readParams({ rawQuery: '', body, contentType: 'multipart/form-data; boundary=xyz' });
  assert.deepEqual(result, { params: params({ '': 'b', fmt: '1' }), charset: 'windows-1251' });
});

test('fuzz on PostgreSQL (issue 7): a NUL character in any name or value is error 1, in the fmt asked for', async () => {
  const cases: Array<[string, RawRequest]> = [
    ['query value', { rawQuery: 'fmt=3&login=de%00mo' }],
    ['query name', { rawQuery: 'fmt=3&a%00b=1' }],
    ['urlencoded body', { rawQuery: '', body: Buffer.from('fmt=3&mes=a%00b'), contentType: FORM }],
    ['JSON body', { rawQuery: '', body: Buffer.from('{"fmt": 3, "mes": "a\\u0000b"}'), contentType: JSON_TYPE }],
  ];
  for (const [name, raw] of cases) {
    assert.deepEqual(await readParams(raw), { error: 'parameters', charset: 'windows-1251', fmt: 3 }, name);
  }
});

test('readQueryFormat (answers to refused bodies): the last fmt and charset of the query win, as in readParams', () => {
  assert.deepEqual(readQueryFormat('fmt=1&charset=koi8-r&fmt=3&charset=utf-8'), { fmt: 3, charset: 'utf-8' });
  assert.deepEqual(readQueryFormat('fmt=json'), { fmt: 0, charset: 'windows-1251' });
});

test('spec §1 /rest/send/: a JSON object, scalars as strings, arrays comma-joined, always UTF-8', async () => {
  const json = {
    login: 'demo',
    phones: ['79991234567', 79997654321],
    mes: 'Привет',
    fmt: 3,
    flash: true,
    tinyurl: false,
    sender: null,
  };
  const result = await readParams({ rawQuery: 'fmt=0&id=7', body: Buffer.from(JSON.stringify(json)), contentType: 'application/json; charset=utf-8' });
  assert.deepEqual(result, {
    params: params({ fmt: '3', id: '7', login: 'demo', phones: '79991234567,79997654321', mes: 'Привет', flash: '1', tinyurl: '0' }),
    charset: 'windows-1251',
  });
});

test('/rest/send/: a JSON body that is not a flat object is a parameters error', async () => {
  const bodies = ['[1,2]', '"text"', 'null', '{"a":{"b":1}}', '{"a":[{"b":1}]}', '{"a":[[1]]}', '{"a":[null]}', '{"a":', 'mes=x'];
  for (const body of bodies) {
    assert.deepEqual(await readParams({ rawQuery: '', body: Buffer.from(body), contentType: JSON_TYPE }), { error: 'parameters', charset: 'windows-1251', fmt: 0 }, body);
  }
});

test('field cap: 1000 query fields pass, 1001 are a parameters error', async () => {
  const fields = (n: number) => Array.from({ length: n }, (_, i) => `f${i}=${i}`).join('&');
  const ok = await readParams({ rawQuery: fields(1000) });
  assert.ok('params' in ok);
  assert.equal(ok.params.size, 1000);
  assert.equal(ok.params.get('f999'), '999');
  assert.deepEqual(await readParams({ rawQuery: fields(1001) }), { error: 'parameters', charset: 'windows-1251', fmt: 0 });
});

test('field cap counts the query and the body together, in every body encoding', async () => {
  const limits = { maxFields: 3 };
  const query = 'a=1&b=2';
  assert.deepEqual(await readParams({ rawQuery: query, body: Buffer.from('c=3'), contentType: FORM }, limits), {
    params: params({ a: '1', b: '2', c: '3' }),
    charset: 'windows-1251',
  });
  const over: Array<[string, Buffer, string]> = [
    ['urlencoded', Buffer.from('c=3&d=4'), FORM],
    ['json', Buffer.from('{"c":3,"d":4}'), JSON_TYPE],
    [
      'multipart',
      multipart('q', [
        ['Content-Disposition: form-data; name="c"', '3'],
        ['Content-Disposition: form-data; name="d"', '4'],
      ]),
      'multipart/form-data; boundary=q',
    ],
  ];
  for (const [name, body, contentType] of over) {
    assert.deepEqual(await readParams({ rawQuery: query, body, contentType }, limits), { error: 'parameters', charset: 'windows-1251', fmt: 0 }, name);
  }
});

test("docs/compatibility.md fmt: '0'..'3', anything else 0", () => {
  const cases: Array<[string | undefined, number]> = [['0', 0], ['1', 1], ['2', 2], ['3', 3], [undefined, 0], ['', 0], ['4', 0], [' 3', 0], ['json', 0]];
  for (const [value, fmt] of cases) {
    assert.equal(readFmt(value === undefined ? new Map() : params({ fmt: value })), fmt, `fmt=${value}`);
  }
});
