// Starts a real gateway on 127.0.0.1 and a free port over a fresh test database; torn down with the test.
import type { TestContext } from 'node:test';
import { DEFAULT_CONFIG, type Config } from '../../src/config.ts';
import { startServer, type RunningServer, type StartOptions } from '../../src/server.ts';
import { createAccount } from '../../src/core/accounts.ts';
import type { TestDatabase } from './databases.ts';
import { callSmsc, type Charset, type Encoding, type SmscAnswer } from './smsc-client.ts';

/** Fast timings so messages reach final statuses within a test. */
export const FAST_CONFIG: Partial<Config> = {
  host: '127.0.0.1',
  port: 0,
  sqliteSynchronous: 'NORMAL',
  dispatchIntervalMs: 10,
  simulator: { submitDelayMs: 2, receiptDelayMs: 10 },
  // The in-process simulator: deterministic and quick. The SMPP path has tests of its own (smpp-delivery, default-route).
  connectors: [{ type: 'simulator', name: 'simulator' }],
  routes: [{ connectors: ['simulator'] }],
};

export interface TestServer extends RunningServer {
  config: Config;
  /** Creates an account; returns its API key. */
  account(login: string, options?: { password?: string; balance?: string; testMode?: boolean; allowedIps?: string }): Promise<string>;
  /** Calls an SMSC script on this server. */
  call(path: string, params: Record<string, string | number>, options?: { charset?: Charset; encoding?: Encoding }): Promise<SmscAnswer>;
}

/** A gateway over a new database of `database` (or `db`), closed (and the database dropped) after the test; `start` injects a clock or a log. */
export async function startTestServer(
  t: TestContext,
  database: TestDatabase,
  overrides: Partial<Config> = {},
  db?: string,
  start: StartOptions = {},
): Promise<TestServer> {
  const created = db ? undefined : await database.create();
  const config: Config = { ...DEFAULT_CONFIG, ...FAST_CONFIG, ...overrides, db: db ?? created!.url };
  const server = await startServer(config, start);
  t.after(async () => {
    await server.close();
    await created?.drop();
  });
  return {
    ...server,
    config,
    async account(login, options = {}) {
      const result = await createAccount(server.store, {
        login,
        password: options.password ?? 'S3cret-pass',
        balanceMinor: Math.round(Number(options.balance ?? '100') * 100),
        currency: 'RUB',
        testMode: options.testMode,
        allowedIps: options.allowedIps,
        now: Date.now(),
      });
      if ('error' in result) throw new Error(`cannot create ${login}: ${result.error}`);
      return result.apiKey;
    },
    call: (path, params, options) => callSmsc(server.url, path, params, options),
  };
}

