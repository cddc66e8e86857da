// The carrier misbehaves while the gateway delivers: disconnects, stalls, throttling, garbage PDUs (docs/faults.md).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SmscSimulator, type SimulatorStats } from '../../src/delivery/smpp/smsc-simulator.ts';
import type { SmscSimulatorOptions } from '../../src/delivery/smpp/smsc-simulator-options.ts';
import { DATABASES } from '../support/databases.ts';
import { startTestServer } from '../support/server.ts';
import { PRICE_MINOR, faultConfig, inProcessOverrides, openAccount, sendBurst, type Burst, type FaultTuning } from '../faults/fault-gateway.ts';
import { checkInvariants } from '../faults/invariants.ts';

const WINDOW = 20;
const BURST: Burst = { requests: 10, perRequest: 50, concurrency: 2 };
const MESSAGES = BURST.requests * BURST.perRequest;
const OPENING_MINOR = MESSAGES * PRICE_MINOR + 777;
// Short timers, so a link that hears only garbage is declared dead within a few seconds; the response timeout is
// still long enough that a loaded machine answering late does not count as a fault. The lease is long, so that on a
// loaded machine a claimed message waiting out a rebind is not claimed twice. No kills here: NORMAL is durable enough.
const TUNING: FaultTuning = { window: WINDOW, submitTimeoutMs: 2000, enquireLinkSeconds: 1, leaseMs: 15_000, sqliteSynchronous: 'NORMAL' };
const FAULT_EVERY = 150;
// A stall outlasts the response timeout of its own scenario two and a half times.
const STALL_TUNING: FaultTuning = { ...TUNING, submitTimeoutMs: 1000 };
const STALL_EVERY = 250;
const STALL_MS = 2500;

/** One way the carrier misbehaves, how to tell it happened, and the documented bound on repeated submits. */
interface Fault {
  name: string;
  simulator: SmscSimulatorOptions;
  /** The gateway's settings, when not TUNING. */
  tuning?: FaultTuning;
  /** How often the fault fired, from the simulator's counters: must be at least once. */
  fired(stats: SimulatorStats): number;
  /** Most messages the simulator may take twice. */
  bound(stats: SimulatorStats): number;
}

const FAULTS: Fault[] = [
  {
    // Every submit in the window when the socket closes was taken and never answered: each goes again.
    name: 'disconnects mid-window',
    simulator: { submitLatencyMs: 20, disconnectEvery: FAULT_EVERY },
    fired: (s) => s.disconnects,
    bound: (s) => WINDOW * s.disconnects,
  },
  {
    // Taken, answered after the response timeout: at most a window times out per submitTimeoutMs of stall.
    name: `stalls of ${STALL_MS} ms`,
    simulator: { stallEvery: STALL_EVERY, stallMs: STALL_MS },
    tuning: STALL_TUNING,
    fired: (s) => s.stalls,
    bound: (s) => WINDOW * Math.ceil(STALL_MS / STALL_TUNING.submitTimeoutMs!) * s.stalls,
  },
  {
    // A throttled submit is not taken: it cannot repeat.
    name: 'throttling (ESME_RTHROTTLED)',
    simulator: { throttle: { fraction: 0.2, perSecond: 300 } },
    fired: (s) => s.throttled,
    bound: () => 0,
  },
  ...(['random-bytes', 'bad-length'] as const).map((kind) => ({
    // The framing is lost: the link is dropped and bound again, and the window in flight goes again.
    name: `garbage: ${kind}`,
    simulator: { garbageEvery: FAULT_EVERY, garbageKind: kind },
    fired: (s: SimulatorStats) => s.garbage,
    bound: (s: SimulatorStats) => WINDOW * s.garbage,
  })),
  {
    // Answered with generic_nack (SMPP 3.4 §4.3); the session carries on.
    name: 'garbage: unknown-command',
    simulator: { garbageEvery: FAULT_EVERY, garbageKind: 'unknown-command' },
    fired: (s) => s.garbage,
    bound: () => 0,
  },
];

// All at once: each mostly waits for timeouts and backoffs, so together they take about as long as the slowest.
describe(`the SMSC misbehaves while ${MESSAGES} messages are delivered`, { concurrency: true }, () => {
  for (const database of DATABASES) {
    for (const fault of FAULTS) {
      test(`${database.name}: ${fault.name}: the gateway rebinds and delivers everything, duplicates within the bound`, { timeout: 90_000 }, async (t) => {
        const simulator = new SmscSimulator({ receiptDelayMs: 200, logLimit: 4 * MESSAGES, ...fault.simulator });
        const smscPort = await simulator.listen(0, '127.0.0.1');
        t.after(() => simulator.close());
        const server = await startTestServer(t, database, inProcessOverrides(faultConfig(smscPort, fault.tuning ?? TUNING)));
        await openAccount(server.store, OPENING_MINOR);

        assert.equal(await sendBurst(server.url, BURST), MESSAGES);
        const figures = await checkInvariants(server.store, simulator, { accepted: MESSAGES, duplicateBound: () => fault.bound(simulator.stats) });
        const { stats } = simulator;
        t.diagnostic(`figures: ${JSON.stringify({ ...figures, fired: fault.fired(stats), binds: stats.binds, bound: fault.bound(stats) })}`);
        assert.ok(fault.fired(stats) > 0, `the fault fired: ${JSON.stringify(stats)}`);
        const [account] = await server.store.db.selectFrom('accounts').select('balance_minor').execute();
        assert.equal(account?.balance_minor, OPENING_MINOR - MESSAGES * PRICE_MINOR, 'each message charged once');
      });
    }
  }
});
