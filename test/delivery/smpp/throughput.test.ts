// The token bucket: one token per interval in request order, no burst from idle time, waiters woken on close.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TokenBucket } from '../../../src/delivery/smpp/throughput.ts';

test('50 a second: each reservation waits 20 ms more than the one before', () => {
  let now = 1000;
  const bucket = new TokenBucket(50, () => now);
  assert.deepEqual([bucket.reserve(), bucket.reserve(), bucket.reserve()], [0, 20, 40]);
  now += 40;
  assert.equal(bucket.reserve(), 20, 'the token at 1060');
});

test('idle time does not pile up into a burst', () => {
  let now = 0;
  const bucket = new TokenBucket(10, () => now);
  bucket.reserve();
  now = 60_000;
  assert.deepEqual([bucket.reserve(), bucket.reserve()], [0, 100]);
});

test('a cap of 0 does not pace', () => {
  const bucket = new TokenBucket(0, () => 0);
  assert.deepEqual([bucket.reserve(), bucket.reserve()], [0, 0]);
});

test('take() waits for its token; close() wakes waiters with false and refuses later takes', async () => {
  const bucket = new TokenBucket(20);
  assert.equal(await bucket.take(), true);
  const started = performance.now();
  assert.equal(await bucket.take(), true);
  assert.ok(performance.now() - started >= 45, 'the second token 50 ms after the first');
  const waiting = bucket.take();
  bucket.close();
  assert.equal(await waiting, false);
  assert.equal(await bucket.take(), false);
});
