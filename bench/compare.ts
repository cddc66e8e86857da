// `npm run bench -- compare`: OpenSMSC and Kannel in one run, same load and simulator, with the ratios issue 6 asks for.
import { measureAccept, printAccept, type AcceptFigures } from './accept.ts';
import { measureEndToEnd, printEndToEnd } from './e2e.ts';
import { KANNEL_DEFAULTS, KANNEL_TUNED, measureKannelAccept, measureKannelEndToEnd, type KannelFigures } from './kannel.ts';
import { machine } from './machine.ts';
import { withOpenSmsc } from './opensmsc-system.ts';
import { readScenarioOptions } from './scenario-options.ts';
import { printTable } from './table.ts';

// Issue 6, "Done when".
const ACCEPT_RATIO_TARGET = 1.0;
const ACCEPT_P99_TARGET_MS = 50;
const E2E_VS_DEFAULTS_TARGET = 1.5;
const E2E_VS_TUNED_TARGET = 1.0;
const RSS_TARGET_MB = 300;

const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
const verdict = (met: boolean) => (met ? 'met' : 'MISSED');

/** Measures both systems and prints each one's figures and the ratios against the targets. */
export async function compareBench(args: string[]): Promise<object> {
  const options = readScenarioOptions(args);
  const startedOn = machine();
  // Each measurement of OpenSMSC is followed by Kannel's of the same scenario: the machine's speed drifts over the
  // run (±20 % within minutes on a shared host, bench/README.md), and a pair measured together drifts least.
  const accept = await withOpenSmsc(options, (system) => measureAccept(system, options));
  const kannelAccept = await measureKannelAccept(options, 'up');
  const intake = await withOpenSmsc(options, (system) => measureAccept(system, options), 'down');
  const kannelIntake = await measureKannelAccept(options, 'down');
  const e2e = await withOpenSmsc(options, (system) => measureEndToEnd(system, options));
  const kannel: KannelFigures = {
    accept: kannelAccept,
    intake: kannelIntake,
    e2eDefaults: await measureKannelEndToEnd(options, KANNEL_DEFAULTS),
    e2eTuned: await measureKannelEndToEnd(options, KANNEL_TUNED),
  };

  const acceptTitle = `accept: ${options.connections} connections, ${options.acceptSeconds} s after ${options.warmupSeconds} s warm-up`;
  printAccept(`${acceptTitle}, SMSC up (delivering meanwhile)`, [accept, kannel.accept]);
  printAccept(`${acceptTitle}, SMSC down (intake only)`, [intake, kannel.intake]);
  printEndToEnd(`end to end with receipts: ${options.connections} connections, ${options.e2eSeconds} s after ${options.warmupSeconds} s warm-up`, [e2e, kannel.e2eDefaults, kannel.e2eTuned]);
  const maxRssMb = Math.max(accept.maxRssMb, intake.maxRssMb, e2e.maxRssMb);
  const acceptTargets = (label: string, ours: AcceptFigures, theirs: AcceptFigures) => [
    [`accept requests/s vs Kannel, ${label}`, ratio(ours.requestsPerSecond, theirs.requestsPerSecond), `≥ ${ACCEPT_RATIO_TARGET}`, verdict(ours.requestsPerSecond >= ACCEPT_RATIO_TARGET * theirs.requestsPerSecond)],
    [`accept p99 ms, ${label}`, ours.latencyP99Ms, `≤ ${ACCEPT_P99_TARGET_MS}`, verdict(ours.latencyP99Ms <= ACCEPT_P99_TARGET_MS)],
  ];
  const targets = [
    ...acceptTargets('SMSC up', accept, kannel.accept),
    ...acceptTargets('SMSC down', intake, kannel.intake),
    ['e2e final/s vs Kannel defaults', ratio(e2e.finalPerSecondDuringLoad, kannel.e2eDefaults.finalPerSecondDuringLoad), `≥ ${E2E_VS_DEFAULTS_TARGET}`,
      verdict(e2e.finalPerSecondDuringLoad >= E2E_VS_DEFAULTS_TARGET * kannel.e2eDefaults.finalPerSecondDuringLoad)],
    ['e2e final/s vs Kannel max-pending-submits 1000', ratio(e2e.finalPerSecondDuringLoad, kannel.e2eTuned.finalPerSecondDuringLoad), `≥ ${E2E_VS_TUNED_TARGET}`,
      verdict(e2e.finalPerSecondDuringLoad >= E2E_VS_TUNED_TARGET * kannel.e2eTuned.finalPerSecondDuringLoad)],
    ['e2e nothing lost', e2e.lost, '0', verdict(e2e.lost === 0 && e2e.backlogAfterDrain === 0)],
    ['OpenSMSC max RSS MB', maxRssMb, `< ${RSS_TARGET_MB}`, verdict(maxRssMb < RSS_TARGET_MB)],
    ['CPU µs/message accept, SMSC up: OpenSMSC / Kannel', `${accept.cpuUsPerMessage} / ${kannel.accept.cpuUsPerMessage}`, 'reported', ''],
    ['CPU µs/message accept, SMSC down: OpenSMSC / Kannel', `${intake.cpuUsPerMessage} / ${kannel.intake.cpuUsPerMessage}`, 'reported', ''],
    ['CPU µs/message e2e: OpenSMSC / Kannel defaults / tuned', `${e2e.cpuUsPerMessage} / ${kannel.e2eDefaults.cpuUsPerMessage} / ${kannel.e2eTuned.cpuUsPerMessage}`, 'reported', ''],
  ];
  printTable(`targets (issue 6), OpenSMSC on ${options.db}`, ['figure', 'value', 'target', ''], targets);
  return { scenario: 'compare', date: new Date().toISOString(), machine: startedOn, options, opensmsc: { accept, intake, e2e }, kannel, targets };
}
