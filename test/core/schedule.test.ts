// resolveSchedule: each ScheduleSpec against a fixed clock, in Moscow time and shifted zones (spec §3.1).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveSchedule } from '../../src/core/schedule.ts';

const MOSCOW = 180;
// 25.11.2026 13:00 in Moscow.
const NOW = Date.UTC(2026, 10, 25, 10, 0);

test('spec §3.1 now: the clock as given', () => {
  assert.equal(resolveSchedule({ kind: 'now' }, NOW, MOSCOW), NOW);
});

test('spec §3.1 DDMMYYhhmm: wall-clock time in Moscow', () => {
  const spec = { kind: 'local', year: 2026, month: 11, day: 25, hour: 13, minute: 30 } as const;
  assert.equal(resolveSchedule(spec, NOW, MOSCOW), Date.UTC(2026, 10, 25, 10, 30));
});

test('spec §3.1 tz=2: the same wall-clock time two hours east of Moscow is two hours earlier', () => {
  const spec = { kind: 'local', year: 2026, month: 11, day: 25, hour: 13, minute: 30 } as const;
  assert.equal(resolveSchedule(spec, NOW, MOSCOW + 2 * 60), Date.UTC(2026, 10, 25, 8, 30));
});

test('spec §3.1 local: a past wall-clock time resolves to the past (the caller sends now)', () => {
  const spec = { kind: 'local', year: 2026, month: 1, day: 1, hour: 0, minute: 0 } as const;
  assert.equal(resolveSchedule(spec, NOW, MOSCOW), Date.UTC(2025, 11, 31, 21, 0));
});

test('spec §3.1 h1-h2: inside the window sends now', () => {
  assert.equal(resolveSchedule({ kind: 'window', fromHour: 9, toHour: 18 }, NOW, MOSCOW), NOW);
  assert.equal(resolveSchedule({ kind: 'window', fromHour: 13, toHour: 14 }, NOW, MOSCOW), NOW);
  assert.equal(resolveSchedule({ kind: 'window', fromHour: 0, toHour: 24 }, NOW, MOSCOW), NOW);
});

test('spec §3.1 h1-h2: before the window waits until h1 today', () => {
  assert.equal(resolveSchedule({ kind: 'window', fromHour: 14, toHour: 18 }, NOW, MOSCOW), Date.UTC(2026, 10, 25, 11, 0));
});

test('spec §3.1 h1-h2: at or after h2 sends the next day at h1', () => {
  assert.equal(resolveSchedule({ kind: 'window', fromHour: 9, toHour: 12 }, NOW, MOSCOW), Date.UTC(2026, 10, 26, 6, 0));
  assert.equal(resolveSchedule({ kind: 'window', fromHour: 9, toHour: 13 }, NOW, MOSCOW), Date.UTC(2026, 10, 26, 6, 0));
});

test('spec §3.1 h1-h2: the next day rolls over the month and year', () => {
  const newYearsEve = Date.UTC(2026, 11, 31, 17, 0); // 20:00 in Moscow
  assert.equal(resolveSchedule({ kind: 'window', fromHour: 9, toHour: 18 }, newYearsEve, MOSCOW), Date.UTC(2027, 0, 1, 6, 0));
});

test('spec §3.1 h1-h2: the day is the zone\'s day, not UTC\'s', () => {
  const lateUtc = Date.UTC(2026, 10, 25, 22, 30); // 01:30 on 26.11 in Moscow
  assert.equal(resolveSchedule({ kind: 'window', fromHour: 9, toHour: 18 }, lateUtc, MOSCOW), Date.UTC(2026, 10, 26, 6, 0));
});

test('spec §3.1 0<unix seconds>: an absolute instant, whatever the zone', () => {
  assert.equal(resolveSchedule({ kind: 'unix', seconds: 1764064800 }, NOW, MOSCOW + 600), 1764064800_000);
});

test('spec §3.1 +m: m minutes from now', () => {
  assert.equal(resolveSchedule({ kind: 'relative', minutes: 15 }, NOW, MOSCOW), NOW + 15 * 60_000);
});
