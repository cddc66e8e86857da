// What processes cost while a benchmark runs: CPU time and peak resident memory, read from /proc.
import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ; 100 on Linux x86 and arm). */
const TICKS_PER_SECOND = 100;
const SAMPLE_INTERVAL_MS = 250;

/** User plus system CPU time of `pid` so far, in microseconds. */
export function cpuTimeUs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the parenthesised command name, which may itself hold spaces: state is field 3, utime 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / TICKS_PER_SECOND;
}

/** Resident set size of `pid` now, in bytes (VmRSS); 0 once the process is gone. */
export function residentBytes(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Samples the summed RSS of a group of processes (a server, or bearerbox + smsbox) until stopped. */
export class ProcessMeter {
  readonly #pids: number[];
  readonly #timer: NodeJS.Timeout;
  readonly #cpuAtStart: number;
  #maxRss = 0;

  constructor(pids: number[]) {
    this.#pids = pids;
    this.#cpuAtStart = this.cpuUs();
    this.#sample();
    this.#timer = setInterval(() => this.#sample(), SAMPLE_INTERVAL_MS);
  }

  /** Summed CPU time of the group so far, µs. */
  cpuUs(): number {
    return this.#pids.reduce((sum, pid) => sum + cpuTimeUs(pid), 0);
  }

  /** Stops sampling; returns the CPU µs spent since construction and the peak summed RSS in MB. */
  stop(): { cpuUs: number; maxRssMb: number } {
    clearInterval(this.#timer);
    this.#sample();
    return { cpuUs: this.cpuUs() - this.#cpuAtStart, maxRssMb: Math.round(this.#maxRss / 2 ** 20) };
  }

  #sample(): void {
    this.#maxRss = Math.max(this.#maxRss, this.#pids.reduce((sum, pid) => sum + residentBytes(pid), 0));
  }
}
