// readCredentials: apikey, the empty-login API key rule and login + psw (spec §2).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readCredentials } from '../../src/wire/credentials.ts';

const read = (entries: Record<string, string>) => readCredentials(new Map(Object.entries(entries)));

test('spec §2: apikey replaces login and psw', () => {
  assert.deepEqual(read({ apikey: 'K3y', login: 'demo', psw: 'secret' }), { kind: 'apiKey', apiKey: 'K3y' });
});

test('spec §2: an empty apikey is ignored', () => {
  assert.deepEqual(read({ apikey: '', login: 'demo', psw: 'secret' }), { kind: 'password', login: 'demo', password: 'secret' });
});

test('spec §2 empty-login rule (smsc_api.js): login= with psw makes psw the API key', () => {
  assert.deepEqual(read({ login: '', psw: 'K3y' }), { kind: 'apiKey', apiKey: 'K3y' });
});

test('spec §2: an absent login with psw makes psw the API key', () => {
  assert.deepEqual(read({ psw: 'K3y' }), { kind: 'apiKey', apiKey: 'K3y' });
});

test('spec §2: login + psw is a password (md5 hex is the verifier\'s concern)', () => {
  assert.deepEqual(read({ login: 'demo', psw: '5ebe2294ecd0e0f08eab7690d2a6ee69' }), {
    kind: 'password',
    login: 'demo',
    password: '5ebe2294ecd0e0f08eab7690d2a6ee69',
  });
});

test('docs/compatibility.md: missing credentials are undefined (error 2)', () => {
  const cases: Array<Record<string, string>> = [{}, { login: 'demo' }, { login: 'demo', psw: '' }, { login: '', psw: '' }, { apikey: '' }];
  for (const entries of cases) {
    assert.equal(read(entries), undefined, JSON.stringify(entries));
  }
});
