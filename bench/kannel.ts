// The peer scenario (issue 6 §5): Kannel 1.4.5 under the same load and simulator, at its defaults and with max-pending-submits = 1000.
import { measureAccept, printAccept, type AcceptFigures } from './accept.ts';
import { measureEndToEnd, printEndToEnd, type EndToEndFigures } from './e2e.ts';
import { startKannelSystem, type KannelSetup } from './kannel-system.ts';
import { machine } from './machine.ts';
import { readScenarioOptions, type ScenarioOptions } from './scenario-options.ts';
import { startCarrier } from './simulator-process.ts';
import { withTeardown } from './teardown.ts';
import type { SystemUnderTest } from './system-under-test.ts';
import { kannelMissing } from '../test/support/kannel.ts';

/** Kannel's default queue towards the SMSC, and the tuned one the issue compares against. */
export const KANNEL_DEFAULTS: KannelSetup = {};
export const KANNEL_TUNED: KannelSetup = { maxPendingSubmits: 1000 };

/** Kannel's figures: accept at its defaults with the SMSC up and down, end to end at its defaults and tuned. */
export interface KannelFigures {
  accept: AcceptFigures;
  intake: AcceptFigures;
  e2eDefaults: EndToEndFigures;
  e2eTuned: EndToEndFigures;
}

/** Runs one measurement against a fresh simulator (or a closed port) and a fresh Kannel. */
function withKannel<T>(setup: KannelSetup, measure: (system: SystemUnderTest) => Promise<T>, carrier: 'up' | 'down' = 'up'): Promise<T> {
  if (kannelMissing) throw new Error(`${kannelMissing}; install it as bench/README.md says`);
  return withTeardown(async (teardown) => measure(await startKannelSystem(teardown, setup, await startCarrier(teardown, carrier))));
}

/** Kannel's accept rate at its defaults, delivering meanwhile (SMSC up) or only taking messages in (down). */
export function measureKannelAccept(options: ScenarioOptions, carrier: 'up' | 'down'): Promise<AcceptFigures> {
  return withKannel(KANNEL_DEFAULTS, (system) => measureAccept(system, options), carrier);
}

/** Kannel end to end with receipts, set up as given (KANNEL_DEFAULTS or KANNEL_TUNED). */
export function measureKannelEndToEnd(options: ScenarioOptions, setup: KannelSetup): Promise<EndToEndFigures> {
  return withKannel(setup, (system) => measureEndToEnd(system, options));
}

/** Measures Kannel's accept rate (SMSC up, then down) and both end-to-end settings, each on fresh processes. */
async function measureKannel(options: ScenarioOptions): Promise<KannelFigures> {
  return {
    accept: await measureKannelAccept(options, 'up'),
    intake: await measureKannelAccept(options, 'down'),
    e2eDefaults: await measureKannelEndToEnd(options, KANNEL_DEFAULTS),
    e2eTuned: await measureKannelEndToEnd(options, KANNEL_TUNED),
  };
}

/** `npm run bench -- kannel [--duration S]`: Kannel alone. */
export async function kannelBench(args: string[]): Promise<object> {
  const options = readScenarioOptions(args);
  const figures = await measureKannel(options);
  printAccept(`Kannel accept: sendsms, ${options.connections} connections, ${options.acceptSeconds} s, SMSC up and down`, [figures.accept, figures.intake]);
  printEndToEnd(`Kannel end to end with receipts: ${options.e2eSeconds} s`, [figures.e2eDefaults, figures.e2eTuned]);
  return { scenario: 'kannel', date: new Date().toISOString(), machine: machine(), options, figures };
}
