// The submit window: at most `size` holders, the rest served in order, waiters woken on close.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SubmitWindow } from '../../../src/delivery/smpp/submit-window.ts';

test('a window of 2: the third waits until a slot is released, in arrival order', async () => {
  const window = new SubmitWindow(2);
  assert.equal(await window.acquire(), true);
  assert.equal(await window.acquire(), true);
  const order: string[] = [];
  const third = window.acquire().then((held) => order.push(`third ${held}`));
  const fourth = window.acquire().then((held) => order.push(`fourth ${held}`));
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(order, []);
  window.release();
  await third;
  assert.deepEqual(order, ['third true']);
  window.release();
  await fourth;
  assert.deepEqual(order, ['third true', 'fourth true']);
});

test('close() wakes waiters with false and refuses later acquires', async () => {
  const window = new SubmitWindow(1);
  await window.acquire();
  const waiting = window.acquire();
  window.close();
  assert.equal(await waiting, false);
  assert.equal(await window.acquire(), false);
});
