// The command-line options shared by the accept, e2e, kannel and compare scenarios.
import { parseArgs } from 'node:util';

/** Everything a gateway scenario may be told; each scenario reads what it needs. */
export interface ScenarioOptions {
  db: 'sqlite' | 'postgres';
  /** SQLite's synchronous pragma: FULL (the default) survives a power cut, NORMAL a process crash. */
  sqliteSynchronous: 'FULL' | 'NORMAL';
  /** Measured load of the end-to-end runs, seconds (issue 6: at least 60 sustained). */
  e2eSeconds: number;
  /** Measured load of the accept runs, seconds. */
  acceptSeconds: number;
  /** Untimed load before each measured run. */
  warmupSeconds: number;
  connections: number;
  recipients: number;
  /** OpenSMSC's SMPP window towards the simulator. */
  window: number;
  /** Whether the accept runs deliver meanwhile ('up', the simulator) or only take messages in ('down', a closed port). */
  carrier: 'up' | 'down';
  /** compare: how many pairs of accept runs (OpenSMSC and Kannel back to back) give each accept ratio. */
  rounds: number;
  /** Where OpenSMSC's CPU profile goes (`node --cpu-prof`); none = not profiled. */
  profileDir?: string;
}

/**
 * Reads `--db sqlite|postgres`, `--sqlite-synchronous FULL|NORMAL`, `--accept-duration S` (20), `--e2e-duration S` (60), `--duration S` (both),
 * `--warmup S` (5), `--connections N` (50), `--recipients N` (1), `--window N` (1000), `--carrier up|down` (up), `--rounds N` (3), `--profile DIR`.
 */
export function readScenarioOptions(args: string[]): ScenarioOptions {
  const { values } = parseArgs({
    args,
    options: {
      db: { type: 'string', default: 'sqlite' },
      'sqlite-synchronous': { type: 'string', default: 'FULL' },
      duration: { type: 'string' },
      'accept-duration': { type: 'string', default: '20' },
      'e2e-duration': { type: 'string', default: '60' },
      warmup: { type: 'string', default: '5' },
      connections: { type: 'string', default: '50' },
      recipients: { type: 'string', default: '1' },
      window: { type: 'string', default: '1000' },
      carrier: { type: 'string', default: 'up' },
      rounds: { type: 'string', default: '3' },
      profile: { type: 'string' },
    },
  });
  if (values.db !== 'sqlite' && values.db !== 'postgres') throw new Error('--db is sqlite or postgres');
  const synchronous = values['sqlite-synchronous'];
  if (synchronous !== 'FULL' && synchronous !== 'NORMAL') throw new Error('--sqlite-synchronous is FULL or NORMAL');
  if (values.carrier !== 'up' && values.carrier !== 'down') throw new Error('--carrier is up or down');
  return {
    db: values.db,
    sqliteSynchronous: synchronous,
    acceptSeconds: positiveOption('accept-duration', values.duration ?? values['accept-duration']),
    e2eSeconds: positiveOption('e2e-duration', values.duration ?? values['e2e-duration']),
    warmupSeconds: positiveOption('warmup', values.warmup),
    connections: positiveOption('connections', values.connections),
    recipients: positiveOption('recipients', values.recipients),
    window: positiveOption('window', values.window),
    carrier: values.carrier,
    rounds: positiveOption('rounds', values.rounds),
    profileDir: values.profile,
  };
}

/** The value of option `--name` as a positive integer; throws a readable Error otherwise. */
export function positiveOption(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got ${value}`);
  return n;
}
