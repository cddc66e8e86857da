// Limits: IP blocks (spec §2), identical-request windows (spec §3.7, §4.5, §5, §15) and concurrency (spec §3.2, §4.5).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_CONFIG } from '../../src/config.ts';
import { errorFor, Limits, MAX_TRACKED_IPS, MAX_TRACKED_REQUEST_KEYS, type LimitRule } from '../../src/core/limits.ts';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const IP = '203.0.113.7';

/** A Limits with the default thresholds and a clock the test moves by hand. */
function setup(): { limits: Limits; advance: (ms: number) => void } {
  let now = 1_000_000;
  const limits = new Limits(DEFAULT_CONFIG.limits, () => now);
  return { limits, advance: (ms) => void (now += ms) };
}

/** Takes `count` tickets and fails if any is refused. */
function takeAll(limits: Limits, rule: LimitRule, key: string, count: number): void {
  for (let i = 1; i <= count; i++) assert.ok(limits.take(rule, key), `${rule} #${i} should be allowed`);
}

describe('failed logins (spec §2, FAQ 99: 5 in 30 min block for 30 min)', () => {
  test('the 4th failure does not block, the 5th does', () => {
    const { limits, advance } = setup();
    for (let i = 0; i < 4; i++) {
      limits.recordFailedLogin(IP);
      advance(MINUTE);
    }
    assert.equal(limits.isBlocked(IP), false);
    limits.recordFailedLogin(IP);
    assert.equal(limits.isBlocked(IP), true);
    assert.equal(limits.isBlocked('203.0.113.8'), false, 'other IPs stay open');
    assert.equal(limits.stats().blockedIps, 1);
  });

  test('failures reported during a block neither count nor extend it', () => {
    const { limits, advance } = setup();
    for (let i = 0; i < 5; i++) limits.recordFailedLogin(IP);
    advance(MINUTE);
    for (let i = 0; i < 5; i++) limits.recordFailedLogin(IP);
    advance(29 * MINUTE);
    assert.equal(limits.isBlocked(IP), false);
  });

  test('failures spread over more than 30 min do not block', () => {
    const { limits, advance } = setup();
    for (let i = 0; i < 10; i++) {
      limits.recordFailedLogin(IP);
      advance(8 * MINUTE); // any five of them span 32 min
    }
    assert.equal(limits.isBlocked(IP), false);
  });

  test('the block lasts exactly 30 min, then counting starts fresh', () => {
    const { limits, advance } = setup();
    for (let i = 0; i < 5; i++) limits.recordFailedLogin(IP);
    advance(30 * MINUTE - 1);
    assert.equal(limits.isBlocked(IP), true);
    advance(1);
    assert.equal(limits.isBlocked(IP), false);
    limits.recordFailedLogin(IP);
    assert.equal(limits.isBlocked(IP), false, 'failures before the block no longer count');
  });
});

describe('erroneous sends (spec §2: 100 in a row within 10 min block for 10 min)', () => {
  test('99 erroneous, 1 ok, 99 erroneous does not block', () => {
    const { limits } = setup();
    for (let i = 0; i < 99; i++) limits.recordSendResult(IP, true);
    limits.recordSendResult(IP, false);
    for (let i = 0; i < 99; i++) limits.recordSendResult(IP, true);
    assert.equal(limits.isBlocked(IP), false);
  });

  test('100 in a row within 10 min block the IP for 10 min', () => {
    const { limits, advance } = setup();
    for (let i = 0; i < 100; i++) {
      assert.equal(limits.isBlocked(IP), false, `not blocked before erroneous send #${i + 1}`);
      limits.recordSendResult(IP, true);
      advance(5 * SECOND); // 99 gaps of 5 s: the run spans 8 min 15 s
    }
    assert.equal(limits.isBlocked(IP), true);
    advance(10 * MINUTE - 5 * SECOND - 1);
    assert.equal(limits.isBlocked(IP), true);
    advance(1);
    assert.equal(limits.isBlocked(IP), false);
  });

  test('100 in a row spread over 11 min do not block', () => {
    const { limits, advance } = setup();
    for (let i = 0; i < 100; i++) {
      limits.recordSendResult(IP, true);
      advance((11 * MINUTE) / 99);
    }
    assert.equal(limits.isBlocked(IP), false);
  });
});

describe('identical requests (spec §3.7, §4.5, §5: error 9)', () => {
  test('identical send: the 2nd within 60 s is refused, allowed again after 60 s', () => {
    const { limits, advance } = setup();
    takeAll(limits, 'identicalSend', 'alice|sum', 1);
    advance(MINUTE - 1);
    assert.equal(limits.take('identicalSend', 'alice|sum'), undefined);
    advance(1);
    assert.ok(limits.take('identicalSend', 'alice|sum'));
  });

  test('a refund lets an identical retry through; a double refund is harmless', () => {
    const { limits } = setup();
    const ticket = limits.take('identicalSend', 'alice|sum');
    assert.ok(ticket);
    ticket.refund();
    ticket.refund();
    assert.ok(limits.take('identicalSend', 'alice|sum'), 'the retry takes the refunded slot');
    assert.equal(limits.take('identicalSend', 'alice|sum'), undefined, 'the double refund freed only one slot');
  });

  test('a double refund frees only its own slot, even beside a ticket taken in the same millisecond', () => {
    const { limits } = setup();
    takeAll(limits, 'identicalCostQuery', 'alice|sum', 3);
    const first = limits.take('identicalCostQuery', 'alice|sum');
    assert.ok(first);
    takeAll(limits, 'identicalCostQuery', 'alice|sum', 1);
    first.refund();
    first.refund();
    takeAll(limits, 'identicalCostQuery', 'alice|sum', 1);
    assert.equal(limits.take('identicalCostQuery', 'alice|sum'), undefined);
  });

  test('cost queries: the 6th within a minute is refused', () => {
    const { limits } = setup();
    takeAll(limits, 'identicalCostQuery', 'alice|sum', 5);
    assert.equal(limits.take('identicalCostQuery', 'alice|sum'), undefined);
  });

  test('balance: the 11th within a minute is refused', () => {
    const { limits } = setup();
    takeAll(limits, 'balance', 'alice', 10);
    assert.equal(limits.take('balance', 'alice'), undefined);
  });

  test('status: the 6th for one message and the 2nd mass request are refused', () => {
    const { limits } = setup();
    takeAll(limits, 'statusPerMessage', 'alice|42', 5);
    assert.equal(limits.take('statusPerMessage', 'alice|42'), undefined);
    takeAll(limits, 'statusMass', 'alice', 1);
    assert.equal(limits.take('statusMass', 'alice'), undefined);
  });

  test('the window rolls: a slot frees 60 s after the oldest counted request', () => {
    const { limits, advance } = setup();
    takeAll(limits, 'identicalCostQuery', 'k', 1);
    advance(30 * SECOND);
    takeAll(limits, 'identicalCostQuery', 'k', 4);
    advance(30 * SECOND);
    assert.ok(limits.take('identicalCostQuery', 'k'), 'the first request has left the window');
    assert.equal(limits.take('identicalCostQuery', 'k'), undefined, 'the other four still count');
  });

  test('distinct keys and distinct rules are independent', () => {
    const { limits } = setup();
    takeAll(limits, 'identicalSend', 'alice|sum', 1);
    assert.ok(limits.take('identicalSend', 'alice|other'));
    assert.ok(limits.take('identicalSend', 'bob|sum'));
    assert.ok(limits.take('identicalCostQuery', 'alice|sum'));
  });

  test('every per-minute rule answers duplicateRequest, the hourly history rule tooManyRequests (error 9)', () => {
    const rules: LimitRule[] = ['identicalSend', 'identicalCostQuery', 'statusPerMessage', 'statusMass', 'balance', 'identicalHistory'];
    for (const rule of rules) assert.equal(errorFor(rule), 'duplicateRequest', rule);
    assert.equal(errorFor('history'), 'tooManyRequests');
  });

  test('history (seed page): the 4th identical request within a minute is refused', () => {
    const { limits, advance } = setup();
    takeAll(limits, 'identicalHistory', 'q', 3);
    assert.equal(limits.take('identicalHistory', 'q'), undefined);
    advance(MINUTE);
    assert.ok(limits.take('identicalHistory', 'q'));
  });

  test('history (seed page): the 31st request of a login within an hour is refused, allowed again after the hour', () => {
    const { limits, advance } = setup();
    takeAll(limits, 'history', 'login', 30);
    advance(59 * MINUTE);
    assert.equal(limits.take('history', 'login'), undefined, 'the hour has not passed');
    advance(MINUTE);
    assert.ok(limits.take('history', 'login'));
  });
});

describe('concurrency (spec §3.2 "15+", §4.5 "5+" for status)', () => {
  test('14 held, the 15th is refused; after one release it is allowed', () => {
    const { limits } = setup();
    const releases = Array.from({ length: 14 }, (_, i) => {
      const release = limits.enter('alice', 'any');
      assert.ok(release, `request #${i + 1} should be admitted`);
      return release;
    });
    assert.equal(limits.enter('alice', 'any'), undefined);
    assert.ok(limits.enter('bob', 'any'), 'another login is independent');
    releases[0]?.();
    releases[0]?.(); // idempotent: must not free a second place
    assert.ok(limits.enter('alice', 'any'));
    assert.equal(limits.enter('alice', 'any'), undefined);
  });

  test('status scope: the 5th concurrent status request is refused; status requests count towards any', () => {
    const { limits } = setup();
    const held = [1, 2, 3, 4].map(() => limits.enter('alice', 'status'));
    assert.ok(held.every(Boolean));
    assert.equal(limits.enter('alice', 'status'), undefined);
    for (let i = 0; i < 10; i++) assert.ok(limits.enter('alice', 'any'), `any #${i + 1} beside 4 status`);
    assert.equal(limits.enter('alice', 'any'), undefined, '4 status + 10 other = 14 running');
  });
});

describe('memory', () => {
  test('after the windows and blocks pass, a sweep drops every key', () => {
    const { limits, advance } = setup();
    takeAll(limits, 'identicalSend', 'alice|sum', 1);
    takeAll(limits, 'balance', 'alice', 3);
    limits.take('identicalCostQuery', 'alice|sum')?.refund();
    limits.recordFailedLogin('198.51.100.1');
    for (let i = 0; i < 5; i++) limits.recordFailedLogin(IP);
    for (let i = 0; i < 3; i++) limits.recordSendResult('198.51.100.2', true);
    limits.enter('alice', 'status')?.();
    assert.equal(limits.stats().trackedKeys, 6, '3 rule keys, 1 failed-login IP, 1 block, 1 erroneous run');
    advance(30 * MINUTE);
    limits.sweep();
    assert.deepEqual(limits.stats(), { trackedKeys: 0, blockedIps: 0 });
  });

  test('the sweep also runs by itself as requests arrive', () => {
    const { limits, advance } = setup();
    for (let i = 0; i < 100; i++) takeAll(limits, 'identicalSend', `alice|${i}`, 1);
    assert.equal(limits.stats().trackedKeys, 100);
    advance(2 * MINUTE);
    takeAll(limits, 'balance', 'alice', 1);
    assert.equal(limits.stats().trackedKeys, 1, 'only the new key remains');
  });

  test('a client spraying distinct requests is capped, and the least recently used key goes first', () => {
    const { limits } = setup();
    takeAll(limits, 'identicalSend', 'hot', 1);
    for (let i = 0; i < MAX_TRACKED_REQUEST_KEYS - 1; i++) limits.take('identicalSend', `spray|${i}`);
    assert.equal(limits.take('identicalSend', 'hot'), undefined, 'refused, and touched as most recent');
    takeAll(limits, 'identicalSend', 'one-more', 1);
    assert.equal(limits.stats().trackedKeys, MAX_TRACKED_REQUEST_KEYS);
    assert.equal(limits.take('identicalSend', 'hot'), undefined, 'the recently used key is still counted');
    assert.ok(limits.take('identicalSend', 'spray|0'), 'the least recently used key was forgotten');
  });

  test('the ticket of a forgotten key refunds nothing from the key\'s new window', () => {
    const { limits } = setup();
    const stale = limits.take('identicalSend', 'victim');
    assert.ok(stale);
    for (let i = 0; i < MAX_TRACKED_REQUEST_KEYS; i++) limits.take('identicalSend', `spray|${i}`);
    takeAll(limits, 'identicalSend', 'victim', 1);
    stale.refund();
    assert.equal(limits.take('identicalSend', 'victim'), undefined);
  });

  test('an attacker cycling source addresses is capped', () => {
    const { limits } = setup();
    for (let i = 0; i < MAX_TRACKED_IPS + 1000; i++) {
      limits.recordFailedLogin(`2001:db8::${i.toString(16)}`);
      limits.recordSendResult(`2001:db8::${i.toString(16)}`, true);
    }
    assert.equal(limits.stats().trackedKeys, 2 * MAX_TRACKED_IPS);
  });
});
