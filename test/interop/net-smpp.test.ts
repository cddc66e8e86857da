// Our SMPP client side against an SMSC we did not write: net-smpp-smsc.pl on Debian's Net::SMPP (libnet-smpp-perl).
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Receipt, SubmitOutcome } from '../../src/delivery/connector.ts';
import type { SmppConnectorConfig } from '../../src/delivery/connector-config.ts';
import { SMPP_DEFAULTS } from '../../src/delivery/delivery-config.ts';
import { normaliseMessageId } from '../../src/delivery/smpp/message-ids.ts';
import { SmppConnector } from '../../src/delivery/smpp/smpp-connector.ts';
import { connectSmpp, newPdu, type Pdu, type PduFields, type SmppCommand } from '../../src/delivery/smpp/smpp-lib.ts';
import {  } from '../support/server.ts';
import { waitFor } from '../support/wait.ts';

const WAIT_MS = 10_000;
const SMSC_SCRIPT = fileURLToPath(new URL('./net-smpp-smsc.pl', import.meta.url));
const skip = spawnSync('perl', ['-MNet::SMPP', '-e1']).status === 0 ? false : 'Net::SMPP is not installed (Debian package libnet-smpp-perl)';

/** One JSON line the Perl SMSC printed. */
interface SmscEvent {
  event: string;
  [field: string]: unknown;
}

interface PerlSmsc {
  port: number;
  events: SmscEvent[];
  /** Resolves with the first event `match` accepts, waiting for it if need be. */
  waitFor(what: string, match: (event: SmscEvent) => boolean): Promise<SmscEvent>;
}

/** Starts net-smpp-smsc.pl on a free loopback port; it is killed (by pid) when the test ends. */
async function startPerlSmsc(t: TestContext): Promise<PerlSmsc> {
  const child = spawn('perl', [SMSC_SCRIPT, '--port', '0', '--lifetime', '30'], { stdio: ['ignore', 'pipe', 'pipe'] });
  t.after(() => child.kill());
  const events: SmscEvent[] = [];
  let stderr = '';
  const waiters = new Set<() => void>();
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  createInterface({ input: child.stdout }).on('line', (line) => {
    events.push(JSON.parse(line) as SmscEvent);
    for (const check of waiters) check();
  });
  const waitFor = (what: string, match: (event: SmscEvent) => boolean) =>
    new Promise<SmscEvent>((resolve, reject) => {
      const check = () => {
        const found = events.find(match);
        if (!found) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve(found);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`waited ${WAIT_MS} ms for ${what}; the SMSC printed ${JSON.stringify(events)}, stderr ${JSON.stringify(stderr)}`));
      }, WAIT_MS);
      waiters.add(check);
      check();
    });
  const listening = await waitFor('the Perl SMSC to listen', (e) => e.event === 'listening');
  return { port: Number(listening.port), events, waitFor };
}

function until(what: string, condition: () => boolean): Promise<true> {
  return waitFor(what, async () => condition() || undefined, { timeoutMs: WAIT_MS });
}

function canonicalId(raw: string): string {
  const normalised = normaliseMessageId(raw, 'hex');
  assert.ok(!normalised.err, normalised.err?.message);
  return normalised.id;
}

// GSM-7 default alphabet and extension table (3GPP TS 23.038 §6.2.1), unpacked one septet per octet
// (SMPP 3.4 §5.2.19): '@' is 0x00, '_' 0x11, '{' '}' '€' are ESC 0x1B plus 0x28, 0x29, 0x65.
const GSM_TEXT = 'Hello @ {Net::SMPP} €5 _x';
const GSM_OCTETS_HEX = '48656c6c6f2000201b284e65743a3a534d50501b29201b6535201178';

test('SmppConnector against a Net::SMPP SMSC: binds, submits exact GSM-7 octets, matches the receipt to the accepted id', { skip }, async (t) => {
  const smsc = await startPerlSmsc(t);
  const config: SmppConnectorConfig = {
    ...SMPP_DEFAULTS,
    type: 'smpp',
    name: 'net-smpp',
    host: '127.0.0.1',
    port: smsc.port,
    systemId: 'opensmsc',
    password: 'secret',
    systemType: 'OSMSC',
    reconnectMinMs: 200,
    submitTimeoutMs: 5000,
    // The Perl SMSC writes 10 hex digits with leading zeros: the receipt must still match the accepted id.
    idFormat: 'hex',
  };
  const connector = new SmppConnector(config);
  t.after(() => connector.close());
  const receipts: Receipt[] = [];
  connector.onReceipt(async (receipt) => void receipts.push(receipt));

  await until('the connector to bind', () => connector.isUp());
  const bind = await smsc.waitFor('the bind', (e) => e.event === 'bind');
  assert.deepEqual(bind, { event: 'bind', system_id: 'opensmsc', password: 'secret', system_type: 'OSMSC', interface_version: 0x34 });

  const outcome: SubmitOutcome = await connector.submit({
    intId: 1, address: '79991234567', kind: 'sms', sender: 'OpenSMSC', subject: '', text: GSM_TEXT, expiresAt: Date.now() + 3_600_000,
  });
  assert.ok('accepted' in outcome, `accepted, got ${JSON.stringify(outcome)}`);
  assert.equal(outcome.accepted.length, 1);
  const submit = await smsc.waitFor('the submit_sm', (e) => e.event === 'submit');
  assert.equal(submit.destination, '79991234567');
  assert.equal(submit.source, 'OpenSMSC');
  assert.equal(submit.data_coding, 0, 'GSM-7 goes as data_coding 0');
  assert.equal(submit.short_message, GSM_OCTETS_HEX, 'TS 23.038 §6.2.1 septets, unpacked');
  assert.equal(Number(submit.esm_class) & 0x40, 0, 'no UDHI on a single part');
  assert.equal(Number(submit.registered_delivery) & 0x01, 1, 'a receipt is asked for');
  assert.equal(canonicalId(outcome.accepted[0] ?? ''), canonicalId(String(submit.message_id)));

  await until('the receipt', () => receipts.length > 0);
  assert.deepEqual(receipts, [{ carrierId: canonicalId(String(submit.message_id)), status: 1, err: 0 }]);
  const ack = await smsc.waitFor('the deliver_sm_resp', (e) => e.event === 'deliver_sm_resp');
  assert.equal(ack.status, 0, 'the receipt is acknowledged with ESME_ROK once stored');
  await connector.close();
  await smsc.waitFor('the unbind or disconnect', (e) => e.event === 'unbind' || e.event === 'closed');
});

test('the Net::SMPP SMSC answers the smpp package client: bind, enquire_link, submit, receipt TLVs, unbind', { skip }, async (t) => {
  const smsc = await startPerlSmsc(t);
  const session = connectSmpp('127.0.0.1', smsc.port);
  t.after(() => session.destroy());
  session.on('error', () => {});
  const delivered: Pdu[] = [];
  session.on('pdu', (pdu) => {
    if (pdu.command !== 'deliver_sm') return;
    delivered.push(pdu);
    session.send(pdu.response());
  });
  await new Promise<void>((resolve) => session.once('connect', resolve));
  const request = (command: SmppCommand, fields: PduFields = {}) =>
    Promise.race([
      new Promise<Pdu>((resolve) => session.send(newPdu(command, fields), resolve)),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`waited ${WAIT_MS} ms for a ${command} response`)), WAIT_MS).unref()),
    ]);

  const bound = await request('bind_transceiver', { system_id: 'esme', password: 'pw', system_type: 'TEST' });
  assert.equal(bound.command_status, 0);
  assert.equal(bound.system_id, 'NetSMPP-SMSC');
  assert.equal((await request('enquire_link')).command_status, 0);
  const submitted = await request('submit_sm', {
    source_addr: 'OpenSMSC', destination_addr: '79991234567', data_coding: 0, registered_delivery: 1,
    short_message: Buffer.from(GSM_OCTETS_HEX, 'hex'),
  });
  assert.equal(submitted.command_status, 0);
  assert.match(submitted.message_id ?? '', /^[0-9a-f]{10}$/);
  const submit = await smsc.waitFor('the submit_sm', (e) => e.event === 'submit');
  assert.equal(submit.short_message, GSM_OCTETS_HEX);

  await until('the receipt', () => delivered.length > 0);
  const [receipt] = delivered;
  assert.equal(receipt?.esm_class, 0x04, 'SMPP 3.4 §5.2.12: SMSC delivery receipt');
  assert.equal(receipt?.source_addr, '79991234567');
  assert.equal(receipt?.destination_addr, 'OpenSMSC');
  assert.equal(receipt?.receipted_message_id, submitted.message_id, 'TLV 0x001E');
  assert.equal(receipt?.message_state, 2, 'TLV 0x0427: DELIVERED');
  assert.match(
    receipt?.short_message?.toString('latin1') ?? '',
    new RegExp(`^id:${submitted.message_id} sub:001 dlvrd:001 submit date:\\d{10} done date:\\d{10} stat:DELIVRD err:000 text:Hello \\.`),
  );
  assert.equal((await smsc.waitFor('the deliver_sm_resp', (e) => e.event === 'deliver_sm_resp')).status, 0);
  assert.equal((await request('unbind')).command_status, 0);
  await smsc.waitFor('the unbind', (e) => e.event === 'unbind');
});
