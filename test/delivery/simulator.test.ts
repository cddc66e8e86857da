// The built-in carrier: each test address's outcome (docs/simulator.md), resume after a restart, and close.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SimulatorConnector } from '../../src/delivery/simulator.ts';
import type { OutboundMessage, Receipt, SubmitOutcome } from '../../src/delivery/connector.ts';

const FAST = { submitDelayMs: 2, receiptDelayMs: 3 };

function outbound(address: string, intId = 1): OutboundMessage {
  return { intId, address, kind: address.includes('@') ? 'mail' : 'sms', sender: 'SMSC', subject: '', text: 'hello', expiresAt: Date.now() + 3_600_000 };
}

/** The one carrier id of a message the simulator took. */
function acceptedId(outcome: SubmitOutcome, what: string): string {
  assert.ok('accepted' in outcome && outcome.accepted.length === 1, `${what}: ${JSON.stringify(outcome)}`);
  return outcome.accepted[0]!;
}

/** Resolves with the first `count` receipts, or fails after `timeoutMs` saying how many arrived. */
function collectReceipts(simulator: SimulatorConnector, count: number, timeoutMs = 2000): { all: Receipt[]; done: Promise<Receipt[]> } {
  const all: Receipt[] = [];
  const done = new Promise<Receipt[]>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`waited ${timeoutMs} ms for ${count} receipts, ${all.length} arrived`)), timeoutMs);
    simulator.onReceipt(async (receipt) => {
      all.push(receipt);
      if (all.length === count) {
        clearTimeout(timer);
        resolve(all.slice());
      }
    });
  });
  return { all, done };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// docs/simulator.md, "Test addresses".
const BY_RECEIPT: Array<[address: string, status: number, err: number]> = [
  ['79990000020', 20, 1],
  ['79990000023', 23, 253],
  ['79990000003', 3, 245],
  ['79161234567', 1, 0],
  ['someone@example.com', 1, 0],
  ['someone@Undeliverable.Test', 20, 1],
];
const AT_SUBMIT: Array<[address: string, status: number, err: number]> = [
  ['79990000022', 22, 249],
  ['79990000025', 25, 248],
];
const SILENT = '79990000000';

test('each test address ends as documented: refused at submit, by receipt, or never', async (t) => {
  const simulator = new SimulatorConnector(FAST);
  t.after(() => simulator.close());
  const receipts = collectReceipts(simulator, BY_RECEIPT.length);

  for (const [address, status, err] of AT_SUBMIT) {
    assert.deepEqual(await simulator.submit(outbound(address)), { final: { status, err } }, address);
  }
  const carrierIds = new Map<string, string>();
  for (const address of [...BY_RECEIPT.map(([a]) => a), SILENT]) {
    const carrierId = acceptedId(await simulator.submit(outbound(address)), address);
    assert.match(carrierId, /^sim-[0-9a-f]{16}$/);
    carrierIds.set(address, carrierId);
  }
  assert.equal(new Set(carrierIds.values()).size, carrierIds.size, 'carrier ids are unique');

  const byCarrierId = new Map((await receipts.done).map((r) => [r.carrierId, r]));
  for (const [address, status, err] of BY_RECEIPT) {
    assert.deepEqual(byCarrierId.get(carrierIds.get(address) ?? ''), { carrierId: carrierIds.get(address), status, err }, address);
  }
  await sleep(10 * FAST.receiptDelayMs);
  assert.equal(receipts.all.length, BY_RECEIPT.length, `${SILENT} never gets a receipt`);
});

test('submit takes submitDelayMs', async (t) => {
  const simulator = new SimulatorConnector({ submitDelayMs: 30, receiptDelayMs: 1 });
  t.after(() => simulator.close());
  const started = performance.now();
  await simulator.submit(outbound('79161234567'));
  assert.ok(performance.now() - started >= 29, 'submit returned before its delay');
});

test('resume re-derives the outcome of messages taken before a restart from their addresses', async (t) => {
  const before = new SimulatorConnector(FAST);
  const taken = acceptedId(await before.submit(outbound('79990000020')), 'before the restart');
  await before.close();

  const after = new SimulatorConnector(FAST);
  t.after(() => after.close());
  const receipts = collectReceipts(after, 2);
  after.resume([
    { carrierId: taken, address: '79990000020' },
    { carrierId: 'sim-0000000000000002', address: 'someone@example.com' },
    { carrierId: 'sim-0000000000000003', address: SILENT },
  ]);
  const got = (await receipts.done).sort((a, b) => a.carrierId.localeCompare(b.carrierId));
  assert.deepEqual(got, [
    { carrierId: 'sim-0000000000000002', status: 1, err: 0 },
    { carrierId: taken, status: 20, err: 1 },
  ].sort((a, b) => a.carrierId.localeCompare(b.carrierId)));
  await sleep(10 * FAST.receiptDelayMs);
  assert.equal(receipts.all.length, 2);

  const again = acceptedId(await after.submit(outbound('79990000020')), 'after the restart');
  assert.notEqual(again, taken, 'ids do not repeat across restarts');
});

test('close cancels pending submits and receipts, takes the simulator down, and leaves no timers', async () => {
  const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
  const baseline = timers();
  const simulator = new SimulatorConnector({ submitDelayMs: 1, receiptDelayMs: 60_000 });
  const receipts: Receipt[] = [];
  simulator.onReceipt(async (receipt) => {
    receipts.push(receipt);
  });
  await simulator.submit(outbound('79161234567'));
  const slow = new SimulatorConnector({ submitDelayMs: 60_000, receiptDelayMs: 1 });
  const pending = slow.submit(outbound('79161234567'));
  assert.equal(timers(), baseline + 2);
  assert.equal(simulator.isUp(), true);

  await simulator.close();
  await slow.close();
  assert.equal(simulator.isUp(), false);
  assert.deepEqual(await pending, { retry: 'simulator closed' }, 'a submit cut short by close is retried later');
  assert.deepEqual(await simulator.submit(outbound('79161234567')), { retry: 'simulator closed' }, 'submit after close');
  assert.equal(timers(), baseline);
  assert.deepEqual(receipts, []);
});

test('a receipt handler that rejects does not stop later receipts', async (t) => {
  const simulator = new SimulatorConnector(FAST, 'sim-b');
  t.after(() => simulator.close());
  assert.equal(simulator.name, 'sim-b');
  let calls = 0;
  const done = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`waited 2000 ms for 2 receipts, ${calls} arrived`)), 2000);
    simulator.onReceipt(async () => {
      calls += 1;
      if (calls === 2) {
        clearTimeout(timer);
        resolve();
      }
      throw new Error('store unavailable');
    });
  });
  await simulator.submit(outbound('79161234567'));
  await simulator.submit(outbound('79161234568'));
  await done;
});
