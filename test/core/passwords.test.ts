// Password hashing accepts the password or its lowercase md5 (spec §2), and nothing else.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { hashPassword, verifyPassword } from '../../src/core/passwords.ts';

const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

test('stores scrypt with its parameters, a fresh salt each time', async () => {
  const first = await hashPassword('secret');
  const second = await hashPassword('secret');
  assert.match(first, /^scrypt\$16384\$8\$1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
  assert.notEqual(first, second);
  assert.ok(!first.includes(md5('secret')), 'the md5 itself is not stored');
});

test('accepts the plain password and its lowercase md5 (spec §2, official C# lib 2.7)', async () => {
  const stored = await hashPassword('Пароль-1');
  assert.equal(await verifyPassword('Пароль-1', stored), true);
  assert.equal(await verifyPassword(md5('Пароль-1'), stored), true);
});

test('refuses a wrong password, an uppercase md5, a SHA-1, and an empty one', async () => {
  const stored = await hashPassword('secret');
  assert.equal(await verifyPassword('Secret', stored), false);
  assert.equal(await verifyPassword(md5('secret').toUpperCase(), stored), false);
  assert.equal(await verifyPassword(createHash('sha1').update('secret').digest('hex'), stored), false);
  assert.equal(await verifyPassword('', stored), false);
});

test('a plain password that is 32 hex characters still works as itself', async () => {
  const hexPassword = 'deadbeefdeadbeefdeadbeefdeadbeef';
  const stored = await hashPassword(hexPassword);
  assert.equal(await verifyPassword(hexPassword, stored), true);
  assert.equal(await verifyPassword(md5(hexPassword), stored), true);
});

test('a malformed stored hash verifies nothing', async () => {
  const stored = await hashPassword('secret');
  const emptyKey = stored.replace(/\$[^$]+$/, '$');
  assert.equal(await verifyPassword('secret', emptyKey), false);
  assert.equal(await verifyPassword('secret', 'bcrypt$whatever'), false);
  assert.equal(await verifyPassword('secret', ''), false);
});
