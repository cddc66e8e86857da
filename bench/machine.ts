// What a benchmark ran on, recorded with its figures.
import { cpus, loadavg, totalmem } from 'node:os';

/** CPU count and model, RAM, Node version and the load average when asked. */
export function machine(): { cpus: number; cpuModel: string; ramGiB: number; node: string; loadAverage: number[] } {
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    ramGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}
