// parseSchedule and parseValidity: every form of `time`, `tz` and `valid` (spec §3.1, docs/compatibility.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSchedule, parseValidity } from '../../src/wire/schedule.ts';

const INVALID_TIME = { error: 'invalidTime' };

test('spec §3.1: absent, empty or 0 means now', () => {
  for (const time of [undefined, '', '0']) {
    assert.deepEqual(parseSchedule(time, undefined), { schedule: { kind: 'now' } }, String(time));
  }
});

test('spec §3.1: DDMMYYhhmm is a wall-clock time in 20YY', () => {
  assert.deepEqual(parseSchedule('2511261330', undefined), {
    schedule: { kind: 'local', year: 2026, month: 11, day: 25, hour: 13, minute: 30 },
  });
});

test('spec §3.1: ten digits with a leading zero are DDMMYYhhmm, not unix seconds', () => {
  assert.deepEqual(parseSchedule('0103260000', undefined), {
    schedule: { kind: 'local', year: 2026, month: 3, day: 1, hour: 0, minute: 0 },
  });
});

test('spec §3.1: DD.MM.YY hh:mm and DD.MM.YYYY hh:mm', () => {
  const expected = { schedule: { kind: 'local', year: 2027, month: 1, day: 31, hour: 23, minute: 59 } };
  assert.deepEqual(parseSchedule('31.01.27 23:59', undefined), expected);
  assert.deepEqual(parseSchedule('31.01.2027 23:59', undefined), expected);
});

test('calendar validity: leap days, month lengths, hours and minutes', () => {
  assert.deepEqual(parseSchedule('29.02.28 12:00', undefined), {
    schedule: { kind: 'local', year: 2028, month: 2, day: 29, hour: 12, minute: 0 },
  });
  for (const time of ['29.02.27 12:00', '31.02.26 12:00', '31.04.26 12:00', '00.01.26 12:00', '01.00.26 12:00', '01.13.26 12:00', '01.01.26 24:00', '01.01.26 12:60', '3102261200', '0101262400']) {
    assert.deepEqual(parseSchedule(time, undefined), INVALID_TIME, time);
  }
});

test('spec §3.1: h1-h2 is an hour window with 0 <= h1 < h2 <= 24', () => {
  assert.deepEqual(parseSchedule('9-18', undefined), { schedule: { kind: 'window', fromHour: 9, toHour: 18 } });
  assert.deepEqual(parseSchedule('0-24', undefined), { schedule: { kind: 'window', fromHour: 0, toHour: 24 } });
  for (const time of ['18-9', '9-9', '10-25', '9-', '-9', '9 - 18', '123-124']) {
    assert.deepEqual(parseSchedule(time, undefined), INVALID_TIME, time);
  }
});

test('spec §3.1: 0<unix seconds>', () => {
  assert.deepEqual(parseSchedule('01764064800', undefined), { schedule: { kind: 'unix', seconds: 1764064800 } });
  assert.deepEqual(parseSchedule('0123', undefined), { schedule: { kind: 'unix', seconds: 123 } });
  assert.deepEqual(parseSchedule('099999999999', undefined), INVALID_TIME, 'more than ten digits of seconds');
});

test("spec §3.1: +m minutes from now, and ' m' (an unencoded plus arrives as a space)", () => {
  assert.deepEqual(parseSchedule('+15', undefined), { schedule: { kind: 'relative', minutes: 15 } });
  assert.deepEqual(parseSchedule(' 15', undefined), { schedule: { kind: 'relative', minutes: 15 } });
  for (const time of ['+', ' ', '+-5', '+1.5', '  15', '+1234567890']) {
    assert.deepEqual(parseSchedule(time, undefined), INVALID_TIME, JSON.stringify(time));
  }
});

test('spec §3.1 error 5: malformed times', () => {
  for (const time of ['tomorrow', '25.11.26', '25.11.26 13:30:00', '25.11.26  13:30', '25-11-26 13:30', '5.1.26 9:00', '251126133', '25112613300', ' 25.11.26 13:30', '1.5', '-5']) {
    assert.deepEqual(parseSchedule(time, undefined), INVALID_TIME, JSON.stringify(time));
  }
});

test('spec §3.1: tz is hours relative to Moscow, -12..12, signed or with an unencoded plus', () => {
  const now = { kind: 'now' };
  const cases: Array<[string, number]> = [['0', 0], ['-0', 0], ['3', 3], ['+4', 4], [' 5', 5], ['-12', -12], ['12', 12], ['07', 7]];
  for (const [tz, hours] of cases) {
    assert.deepEqual(parseSchedule(undefined, tz), { schedule: now, tzOffsetHours: hours }, tz);
  }
  assert.deepEqual(parseSchedule('+15', ''), { schedule: { kind: 'relative', minutes: 15 } }, 'empty tz is absent');
});

test('spec §3.1 error 5: tz outside -12..12 or malformed', () => {
  for (const tz of ['13', '-13', '99', '1.5', 'msk', '+', '--1', '123']) {
    assert.deepEqual(parseSchedule('0', tz), INVALID_TIME, tz);
  }
});

test('spec §3.1 valid: hh:mm or whole hours, in minutes', () => {
  const cases: Array<[string | undefined, number | undefined]> = [
    [undefined, undefined],
    ['', undefined],
    ['01:00', 60],
    ['00:01', 1],
    ['1:30', 90],
    ['24:00', 1440],
    ['5', 300],
    ['24', 1440],
  ];
  for (const [valid, minutes] of cases) assert.equal(parseValidity(valid), minutes, String(valid));
});

test('docs/compatibility.md valid: outside 1 minute..24 hours or malformed is error 1', () => {
  for (const valid of ['0', '00:00', '24:01', '25', '01:60', '1:5', '1.5', 'abc', '-1', '100', '01:00:00']) {
    assert.deepEqual(parseValidity(valid), { error: 'parameters' }, valid);
  }
});
