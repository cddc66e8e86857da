// IP allowlists (spec §2): validation of the stored list and matching of IPv4, IPv6, CIDRs and mapped addresses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allowlistContains, normaliseAllowlist } from '../../src/core/ip-allowlist.ts';

test('normalises a list and names the first invalid entry', () => {
  assert.deepEqual(normaliseAllowlist(' 192.0.2.1 ,, 10.0.0.0/8,2001:db8::/32 '), { allowlist: '192.0.2.1,10.0.0.0/8,2001:db8::/32' });
  assert.deepEqual(normaliseAllowlist(''), { allowlist: '' });
  assert.deepEqual(normaliseAllowlist('192.0.2.1,host.example'), { error: 'invalidAllowlist', entry: 'host.example' });
  for (const bad of ['10.0.0.0/33', '10.0.0.0/', '10.0.0.0/-1', '10.0.0.0/08x', '::/129', '1.2.3', '10.0.0.0/8/8']) {
    assert.equal('error' in normaliseAllowlist(bad), true, bad);
  }
});

test('matches addresses and CIDRs of both families', () => {
  const list = '192.0.2.1,10.0.0.0/8,2001:db8::/32';
  assert.equal(allowlistContains(list, '192.0.2.1'), true);
  assert.equal(allowlistContains(list, '192.0.2.2'), false);
  assert.equal(allowlistContains(list, '10.255.0.1'), true);
  assert.equal(allowlistContains(list, '11.0.0.1'), false);
  assert.equal(allowlistContains(list, '2001:db8:1::5'), true);
  assert.equal(allowlistContains(list, '2001:db9::5'), false);
  assert.equal(allowlistContains(list, 'not-an-ip'), false);
  assert.equal(allowlistContains(list, ''), false);
});

test('an IPv4-mapped IPv6 client address matches its IPv4 entry (dual-stack sockets report these)', () => {
  assert.equal(allowlistContains('127.0.0.1', '::ffff:127.0.0.1'), true);
  assert.equal(allowlistContains('10.0.0.0/8', '::ffff:10.1.2.3'), true);
  assert.equal(allowlistContains('10.0.0.0/8', '::ffff:11.1.2.3'), false);
});
