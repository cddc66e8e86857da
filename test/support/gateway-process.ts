// Runs `opensmsc serve` as a child process, so a test can SIGKILL the whole gateway and start it again.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TestContext } from 'node:test';

const REPOSITORY = fileURLToPath(new URL('../../', import.meta.url));
// The tail of the child's output kept for error messages: a chatty gateway cannot grow the test's memory.
const OUTPUT_TAIL_CHARS = 2_000;
const READY_TIMEOUT_MS = 20_000;
// One /healthz call; a gateway that accepts the connection and never answers must not stall the wait.
const HEALTH_TIMEOUT_MS = 1000;

/** One running gateway process. */
export interface GatewayProcess {
  /** Base URL from its "opensmsc listening" log line, e.g. http://127.0.0.1:40123 */
  url: string;
  /** The process id, e.g. to read /proc/<pid>/status. */
  pid: number;
  /** SIGKILL, as a crash or the OOM killer would; resolves once the process is gone. */
  sigkill(): Promise<void>;
  /** SIGTERM, as an operator stopping it would; resolves with the exit code once the process is gone. */
  stop(): Promise<number | null>;
  /** The last OUTPUT_TAIL_CHARS of its stdout and stderr. */
  output(): string;
}

/** What to serve: `--db` and `--config`, and how to run node; the port is always 0 and the URL is read back from the log. */
export interface GatewayProcessOptions {
  db: string;
  configFile: string;
  /** Options for node itself, e.g. ['--max-old-space-size=128'] to cap the heap. */
  nodeOptions?: string[];
  /** Run this bundle of the sources (scripts/build.ts, as `npm start` does) instead of src/cli.ts through tsx. */
  bundle?: string;
  /** More environment for the process, e.g. MALLOC_ARENA_MAX as `npm start` sets it. */
  env?: Record<string, string>;
}

/** Starts `node --import tsx src/cli.ts serve` (or the bundle) and waits until /healthz answers 200; killed after the test. */
export async function startGatewayProcess(t: Pick<TestContext, 'after'>, options: GatewayProcessOptions): Promise<GatewayProcess> {
  const entry = options.bundle ? [options.bundle] : ['--import', 'tsx', 'src/cli.ts'];
  const args = [...(options.nodeOptions ?? []), ...entry, 'serve', '--host', '127.0.0.1', '--port', '0', '--db', options.db, '--config', options.configFile];
  const child = spawn(process.execPath, args, {
    cwd: REPOSITORY,
    env: { ...process.env, ...options.env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let spawnError: Error | undefined;
  child.once('error', (e) => (spawnError = e));
  t.after(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let tail = '';
  let lines = '';
  let url: string | undefined;
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-OUTPUT_TAIL_CHARS);
  };
  // Both pipes are always drained: a child blocked on a full pipe would look like a hung gateway.
  child.stderr.on('data', keep);
  child.stdout.on('data', (chunk: Buffer) => {
    keep(chunk);
    if (url !== undefined) return;
    lines += chunk.toString();
    url = listeningUrl(lines);
  });
  const started = Date.now();
  for (;;) {
    if (spawnError || child.exitCode !== null || child.signalCode !== null) {
      const how = spawnError?.message ?? child.exitCode ?? child.signalCode;
      throw new Error(`the gateway exited (${how}) before it was ready; it wrote:\n${tail}`);
    }
    if (url !== undefined && (await healthy(url))) break;
    if (Date.now() - started > READY_TIMEOUT_MS) {
      child.kill('SIGKILL');
      throw new Error(`waited ${READY_TIMEOUT_MS} ms for the gateway to answer /healthz; it wrote:\n${tail}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const signal = async (name: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
    await exited;
  };
  return {
    url,
    pid: child.pid as number,
    sigkill: () => signal('SIGKILL'),
    async stop() {
      await signal('SIGTERM');
      return child.exitCode;
    },
    output: () => tail,
  };
}

/** The url field of pino's `opensmsc listening` line (src/cli.ts), once it has been written. */
function listeningUrl(lines: string): string | undefined {
  // The last piece may be a line still being written.
  for (const line of lines.split('\n').slice(0, -1)) {
    if (!line.includes('"opensmsc listening"')) continue;
    const entry = JSON.parse(line) as { url?: unknown };
    if (typeof entry.url === 'string') return entry.url;
  }
  return undefined;
}

async function healthy(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS) })).status === 200;
  } catch {
    return false;
  }
}
