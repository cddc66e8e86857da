// Latency statistics of a run of timed calls.

/** Median, p99 and max of `samples` (milliseconds). */
export function summarize(samples: number[]): { median: number; p99: number; max: number; count: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
  const round = (ms: number) => Math.round(ms * 100) / 100;
  return { median: round(at(0.5)), p99: round(at(0.99)), max: round(sorted.at(-1) ?? NaN), count: sorted.length };
}

/** Times `count` sequential calls of `call` after `warmup` untimed ones; returns the samples in ms. */
export async function timeCalls(count: number, warmup: number, call: (i: number) => Promise<void>): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await call(i);
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = process.hrtime.bigint();
    await call(warmup + i);
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return samples;
}
