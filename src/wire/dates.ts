// SMSC date and timestamp forms: `DD.MM.YYYY hh:mm:ss` in a given UTC offset, and Unix seconds.

const pad = (n: number) => String(n).padStart(2, '0');

/** `DD.MM.YYYY hh:mm:ss` of Unix ms `at`, shown at `utcOffsetMinutes` east of UTC. */
export function formatSmscDate(at: number, utcOffsetMinutes: number): string {
  const d = new Date(at + utcOffsetMinutes * 60_000);
  return `${pad(d.getUTCDate())}.${pad(d.getUTCMonth() + 1)}.${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** Unix seconds of Unix ms `at`. */
export function unixSeconds(at: number): number {
  return Math.floor(at / 1000);
}
