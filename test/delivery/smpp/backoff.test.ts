// Reconnect backoff: doubling from the first wait to the longest, with up to a quarter of jitter, never below the first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reconnectDelay } from '../../../src/delivery/smpp/backoff.ts';

test('without jitter the wait doubles from reconnectMinMs up to reconnectMaxMs', () => {
  const noJitter = () => 0;
  assert.deepEqual([0, 1, 2, 3, 4, 5, 6].map((attempt) => reconnectDelay(attempt, 1000, 30_000, noJitter)), [1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
});

test('jitter takes up to a quarter off, never going below reconnectMinMs', () => {
  const most = () => 0.999_999;
  assert.equal(reconnectDelay(0, 1000, 30_000, most), 1000);
  assert.equal(reconnectDelay(2, 1000, 30_000, most), 3000);
  assert.equal(reconnectDelay(10, 1000, 30_000, most), 22_500);
});

test('a link down for days does not overflow the exponent', () => {
  assert.equal(reconnectDelay(100_000, 1000, 30_000, () => 0), 30_000);
});
