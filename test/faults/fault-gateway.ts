// The gateway every fault scenario runs: its config (one SMPP connector to the simulator), its account and its traffic.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../../src/config.ts';
import { createAccount } from '../../src/core/accounts.ts';
import { parseDeliveryConfig } from '../../src/delivery/delivery-config.ts';
import type { Store } from '../../src/store/database.ts';
import { callSmsc } from '../support/smsc-client.ts';

/** The price of one segment in every scenario, and the account's login and password. */
export const PRICE_MINOR = 150;
export const AUTH = { login: 'faults', psw: 'S3cret-pass' };

/** What a scenario tunes; the rest is fixed so the figures of docs/faults.md compare. */
export interface FaultTuning {
  /** The connector's window, which is also the dispatcher's batch: a lost batch is at most one window. */
  window?: number;
  submitTimeoutMs?: number;
  enquireLinkSeconds?: number;
  leaseMs?: number;
  dispatchIntervalMs?: number;
  sqliteSynchronous?: 'NORMAL' | 'FULL';
}

/** The config file's object: one SMPP connector `smsc` to 127.0.0.1:`smscPort`, a catch-all route, price 1.50. */
export function faultConfig(smscPort: number, tuning: FaultTuning = {}) {
  const window = tuning.window ?? 100;
  return {
    sqliteSynchronous: tuning.sqliteSynchronous ?? 'FULL',
    smsSegmentPrice: (PRICE_MINOR / 100).toFixed(2),
    dispatchIntervalMs: tuning.dispatchIntervalMs ?? 50,
    dispatchBatchSize: window,
    // A killed or failed submit's claim is taken again once its lease ends.
    leaseMs: tuning.leaseMs ?? 3000,
    connectors: [
      {
        type: 'smpp', name: 'smsc', host: '127.0.0.1', port: smscPort, systemId: 'gateway', password: 'pw', window,
        throughputPerSecond: 100_000, registeredDelivery: 1, idFormat: 'hex', reconnectMinMs: 100, reconnectMaxMs: 500,
        submitTimeoutMs: tuning.submitTimeoutMs ?? 10_000, enquireLinkSeconds: tuning.enquireLinkSeconds ?? 30,
      },
    ],
    routes: [{ connectors: ['smsc'] }],
  };
}

/** Writes `config` as dir/config.json for `opensmsc serve --config`; returns the path. */
export function writeConfigFile(dir: string, config: ReturnType<typeof faultConfig>): string {
  const file = join(dir, 'config.json');
  writeFileSync(file, JSON.stringify(config));
  return file;
}

/** The same settings as overrides of an in-process gateway (test/support/server.ts). */
export function inProcessOverrides(config: ReturnType<typeof faultConfig>): Partial<Config> {
  const { smsSegmentPrice: _price, connectors, routes, ...plain } = config;
  const delivery = parseDeliveryConfig({ connectors, routes });
  if ('err' in delivery) throw delivery.err;
  return { ...plain, smsSegmentPriceMinor: PRICE_MINOR, connectors: delivery.connectors, routes: delivery.routes };
}

/** Creates the scenario's account (AUTH) with `balanceMinor`, from the test's own connection. */
export async function openAccount(store: Store, balanceMinor: number): Promise<void> {
  const created = await createAccount(store, { login: AUTH.login, password: AUTH.psw, balanceMinor, currency: 'RUB', now: Date.now() });
  assert.ok('account' in created, `account created: ${JSON.stringify(created)}`);
}

/** A burst of send.php POSTs: `requests` of `perRequest` numbers, each with its own text, `concurrency` at once. */
export interface Burst {
  requests: number;
  perRequest: number;
  concurrency: number;
  /** Tells this burst's numbers and texts from other bursts of the scenario. */
  first?: number;
  tag?: string;
}

/** The recipients of request `r` of `burst`: 7900 and seven digits, unique across bursts with distinct `first`. */
export function burstPhones(burst: Burst, r: number): string[] {
  const first = (burst.first ?? 0) + r * burst.perRequest;
  return Array.from({ length: burst.perRequest }, (_, i) => `7900${String(first + i).padStart(7, '0')}`);
}

/** Sends `burst` to the gateway at `url`; every request must be accepted in full. Returns the recipients accepted. */
export async function sendBurst(url: string, burst: Burst): Promise<number> {
  let next = 0;
  let accepted = 0;
  const sender = async () => {
    for (let r = next++; r < burst.requests; r = next++) {
      const params = { ...AUTH, phones: burstPhones(burst, r).join(','), mes: `${burst.tag ?? 'fault test'} ${r}`, fmt: 3 };
      const answer = await callSmsc(url, '/sys/send.php', params, { encoding: 'urlencoded' });
      const body = JSON.parse(answer.text) as { cnt?: number };
      assert.equal(body.cnt, burst.perRequest, `request ${r} accepted in full, got ${answer.status} ${answer.text}`);
      accepted += burst.perRequest;
    }
  };
  await Promise.all(Array.from({ length: burst.concurrency }, sender));
  return accepted;
}
