// decodeStatus: paired id and phone lists, multi format, detail level and delete (spec §4.1, docs/compatibility.md "status.php").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeStatus } from '../../src/wire/status-request.ts';

const PARAMETERS = { error: 'parameters' };

const status = (entries: Record<string, string>) => decodeStatus(new Map(Object.entries(entries)));

test('spec §4.1: one id and one phone is a single lookup', () => {
  assert.deepEqual(status({ id: '42', phone: '79991234567' }), {
    lookups: [{ id: '42', address: '79991234567' }],
    multi: false,
    detail: 0,
    delete: false,
  });
});

test('spec §4.1: id and phone lists pair up in order and select the multi format', () => {
  assert.deepEqual(status({ id: '182,138', phone: '79995190557, 89995190557', all: '1' }), {
    lookups: [
      { id: '182', address: '79995190557' },
      { id: '138', address: '89995190557' },
    ],
    multi: true,
    detail: 1,
    delete: false,
  });
});

test('spec §4.1: a trailing comma on phone or id forces the multi format for one message', () => {
  const expected = { lookups: [{ id: '42', address: '79991234567' }], multi: true, detail: 0, delete: false };
  assert.deepEqual(status({ id: '42', phone: '79991234567,' }), expected);
  assert.deepEqual(status({ id: '42,', phone: '79991234567' }), expected);
});

test('official Python client: one phone with several ids applies to all of them', () => {
  assert.deepEqual(status({ id: '1,2,3', phone: '79991234567', all: '2' }), {
    lookups: [
      { id: '1', address: '79991234567' },
      { id: '2', address: '79991234567' },
      { id: '3', address: '79991234567' },
    ],
    multi: true,
    detail: 2,
    delete: false,
  });
});

test('docs/compatibility.md: missing or empty id or phone, empty items and other count mismatches are error 1', () => {
  const cases: Array<Record<string, string>> = [
    { phone: '79991234567' },
    { id: '42' },
    { id: '', phone: '79991234567' },
    { id: '42', phone: '' },
    { id: ',', phone: '79991234567' },
    { id: '1,,2', phone: '79991234567' },
    { id: '1,2', phone: '79991234567,,' },
    { id: '1,2,3', phone: '79991234567,79997654321' },
    { id: '1', phone: '79991234567,79997654321' },
  ];
  for (const entries of cases) assert.deepEqual(status(entries), PARAMETERS, JSON.stringify(entries));
});

test('docs/compatibility.md: 1000 lookups pass, 1001 are error 1', () => {
  const ids = (n: number) => Array.from({ length: n }, (_, i) => String(i + 1)).join(',');
  const ok = status({ id: ids(1000), phone: '79991234567' });
  assert.ok(!('error' in ok));
  assert.equal(ok.lookups.length, 1000);
  assert.deepEqual(status({ id: ids(1001), phone: '79991234567' }), PARAMETERS);
});

test('spec §4.1 all: 0..2, empty is 0, anything else error 1', () => {
  assert.deepEqual(status({ id: '42', phone: '79991234567', all: '' }), { lookups: [{ id: '42', address: '79991234567' }], multi: false, detail: 0, delete: false });
  for (const all of ['3', '-1', 'yes', ' 1']) {
    assert.deepEqual(status({ id: '42', phone: '79991234567', all }), PARAMETERS, all);
  }
});

test('spec §4.1 del=1: a single lookup only', () => {
  assert.deepEqual(status({ id: '42', phone: '79991234567', del: '1' }), {
    lookups: [{ id: '42', address: '79991234567' }],
    multi: false,
    detail: 0,
    delete: true,
  });
  assert.deepEqual(status({ id: '42,43', phone: '79991234567', del: '1' }), PARAMETERS);
  assert.deepEqual(status({ id: '42', phone: '79991234567,', del: '1' }), PARAMETERS, 'the multi format is not a single lookup');
});
