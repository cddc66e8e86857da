// Kannel 1.4.5 under test: bearerbox + smsbox by hand (test/support/kannel.ts) to `opensmsc sim`, receipts counted at a dlr-url.
import { startDlrRecorder, startKannel, type Kannel } from '../test/support/kannel.ts';
import { SIMULATOR_CREDENTIALS, type Carrier } from './simulator-process.ts';
import { phonesOf, textOf, type DeliveryProgress, type SystemUnderTest } from './system-under-test.ts';
import type { Teardown } from './teardown.ts';

// Kannel DLR types (dlr-mask bits): 1 delivered, 2 undeliverable, 16 SMSC reject; the final outcomes.
const DELIVERED = '1';
const FINAL_TYPES = new Set(['1', '2', '16']);
const FINAL_DLR_MASK = '19';

/** How Kannel is set up for a run. */
export interface KannelSetup {
  /** max-pending-submits; unset = Kannel's default (10). */
  maxPendingSubmits?: number;
}

/** Final DLR callbacks by request index and number: Kannel's only word that a message reached a final status. */
async function startFinalsRecorder(teardown: Teardown): Promise<{ url: string; finals: Map<string, string> }> {
  const finals = new Map<string, string>();
  const url = await startDlrRecorder(teardown, (query) => {
    const type = query.get('type') ?? '';
    if (FINAL_TYPES.has(type)) finals.set(`${query.get('ref')}/${query.get('to')}`, type);
  });
  return { url, finals };
}

/**
 * Kannel's backlog from bearerbox's status.txt: messages queued globally ("SMS: … sent N (M queued)") and on the
 * SMSC connection ("queued K msgs"); receipts awaited ("DLR: D queued") and DLRs queued towards smsbox ("(B queued)").
 */
async function queues(kannel: Kannel): Promise<{ queued: number; awaitingReceipt: number }> {
  const text = await kannel.status();
  const number = (pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? 0);
  return {
    queued: number(/^SMS: received \d+ \(\d+ queued\), sent \d+ \((\d+) queued\)/m) + number(/, queued (\d+) msgs\)/),
    awaitingReceipt: number(/^DLR: (\d+) queued/m) + number(/smsbox:.*\((\d+) queued\)/),
  };
}

/**
 * Starts Kannel against the simulator. No store is configured, Kannel's default: queued messages live in
 * memory only (a spool or file store would survive a process crash, and neither fsyncs). DLRs are kept in
 * internal (memory) storage. log-level 1 (info) for both boxes, with the access log.
 */
export async function startKannelSystem(teardown: Teardown, setup: KannelSetup, smsc: Carrier): Promise<SystemUnderTest> {
  const recorder = await startFinalsRecorder(teardown);
  // The simulator's ids are hex in submit_sm_resp and in receipts: msg-id-type 0x03 (docs/interop.md).
  const kannel = await startKannel(teardown, { port: smsc.port, ...SIMULATOR_CREDENTIALS, systemType: 'VMA', msgIdType: 0x03 }, {
    logLevel: 1,
    maxPendingSubmits: setup.maxPendingSubmits,
    smscMayBeDown: smsc.down,
  });
  return {
    name: `Kannel (max-pending-submits ${setup.maxPendingSubmits ?? 'default 10'}${smsc.down ? ', SMSC down' : ''})`,
    pids: kannel.pids,
    sendUrl(index, recipients) {
      // Kannel placeholders: %d the DLR type, %p the recipient.
      const dlrUrl = `${recorder.url}?ref=${index}&to=%p&type=%d`;
      return kannel.sendsmsUrl({ to: phonesOf(index, recipients).join(' '), from: 'Bench', text: textOf(index), 'dlr-mask': FINAL_DLR_MASK, 'dlr-url': dlrUrl });
    },
    acceptedBy(status, body, recipients) {
      // With its SMSC down Kannel answers "3: Queued for later delivery": taken all the same.
      return status === 202 && (body.startsWith('0: Accepted') || body.startsWith('3: Queued')) ? recipients : 0;
    },
    async progress(): Promise<DeliveryProgress> {
      const delivered = [...recorder.finals.values()].filter((type) => type === DELIVERED).length;
      return { final: recorder.finals.size, delivered, ...(await queues(kannel)) };
    },
  };
}
