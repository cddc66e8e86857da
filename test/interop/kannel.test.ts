// Kannel's bearerbox (Debian package kannel) as an ESME against our SMPP simulator: binds, submits, matches our receipts.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { SmscSimulator } from '../../src/delivery/smpp/smsc-simulator.ts';
import type { ReceivedMessage } from '../../src/delivery/smpp/sim-message-log.ts';
import { kannelMissing, startDlrRecorder, startKannel, type Kannel, type KannelSmscOptions } from '../support/kannel.ts';
import {  } from '../support/server.ts';
import { waitFor } from '../support/wait.ts';

const WAIT_MS = 20_000;
// SMPP 3.4 §4.1.1: password is at most 9 octets with its NUL; Kannel refuses to send a longer one.
const CREDENTIALS = { systemId: 'kannel', password: 'kannelpw' };

async function startAll(t: TestContext, messageIdFormat: 'hex' | 'decimal', msgIdType: KannelSmscOptions['msgIdType']) {
  const simulator = new SmscSimulator({ credentials: { [CREDENTIALS.systemId]: CREDENTIALS.password }, receiptDelayMs: 50, messageIdFormat });
  const port = await simulator.listen(0);
  t.after(() => simulator.close());
  // Every dlr-url callback Kannel made, as its query parameters.
  const calls: URLSearchParams[] = [];
  const dlr = { url: await startDlrRecorder(t, (query) => calls.push(query)), calls };
  const kannel = await startKannel(t, { port, ...CREDENTIALS, systemType: 'VMA', msgIdType });
  return { simulator, dlr, kannel };
}

/** Sends `text` through smsbox with every DLR type asked for (dlr-mask 31); `ref` tags its callbacks. */
async function send(kannel: Kannel, dlrUrl: string, ref: string, to: string, text: string, extra: Record<string, string> = {}): Promise<void> {
  // Kannel placeholders: %d DLR type, %F the SMSC's message id as Kannel stored it, %A the receipt's text.
  const answer = await kannel.sendsms({ to, from: 'OpenSMSC', text, 'dlr-mask': '31', 'dlr-url': `${dlrUrl}?ref=${ref}&type=%d&carrier=%F&answer=%A`, ...extra });
  assert.equal(answer.status, 202, answer.body);
  assert.equal(answer.body, '0: Accepted for delivery');
}

async function loggedMessage(simulator: SmscSimulator, destination: string): Promise<ReceivedMessage> {
  return waitFor(`the simulator to log a message to ${destination}`, async () => simulator.log.find((m) => m.destination === destination), { timeoutMs: WAIT_MS });
}

async function dlrCallback(calls: URLSearchParams[], ref: string, type: string): Promise<URLSearchParams> {
  return waitFor(`a type ${type} DLR callback for ref ${ref}`, async () => calls.find((c) => c.get('ref') === ref && c.get('type') === type), { timeoutMs: WAIT_MS });
}

const SHORT_TEXT = 'Hello from Kannel to OpenSMSC';
// About 150 Cyrillic characters: three UCS-2 parts of at most 67 characters behind Kannel's 8-bit UDH.
const LONG_UCS2_TEXT = 'Съешь же ещё этих мягких французских булок, да выпей чаю. В чащах юга жил бы цитрус? Да, но фальшивый экземпляр! Широкая электрификация южных губерний.';

test('Kannel with hex ids (msg-id-type 0x03): bound as transceiver, message logged exactly, DLR type 1 matched', { skip: kannelMissing, timeout: 60_000 }, async (t) => {
  const { simulator, dlr, kannel } = await startAll(t, 'hex', 0x03);
  await send(kannel, dlr.url, 'short', '79991234567', SHORT_TEXT);
  const message = await loggedMessage(simulator, '79991234567');
  assert.deepEqual({ systemId: message.systemId, dataCoding: message.dataCoding, text: message.text, parts: message.parts }, {
    systemId: 'kannel', dataCoding: 0, text: SHORT_TEXT, parts: 1,
  });
  const delivered = await dlrCallback(dlr.calls, 'short', '1');
  // msg-id-type 0x03: Kannel reads both ids as hex and keeps them in decimal.
  assert.equal(delivered.get('carrier'), BigInt(`0x${message.messageIds[0]}`).toString(10));
  assert.match(delivered.get('answer') ?? '', new RegExp(`^id:${message.messageIds[0]} sub:001 dlvrd:001 .* stat:DELIVRD err:000 `));
  assert.ok(dlr.calls.some((c) => c.get('ref') === 'short' && c.get('type') === '8'), 'DLR type 8: the SMSC took it');

  await send(kannel, dlr.url, 'long', '79991234568', LONG_UCS2_TEXT, { coding: '2', charset: 'UTF-8' });
  const long = await loggedMessage(simulator, '79991234568');
  assert.deepEqual({ dataCoding: long.dataCoding, text: long.text, parts: long.parts }, { dataCoding: 8, text: LONG_UCS2_TEXT, parts: 3 });
  // Kannel asks for a receipt on the first part only (registered_delivery 0x11 on part 1, 0 on the rest).
  const longDelivered = await dlrCallback(dlr.calls, 'long', '1');
  assert.equal(longDelivered.get('carrier'), BigInt(`0x${long.messageIds[0]}`).toString(10));
  const { sent, refused } = simulator.stats.receipts;
  assert.deepEqual({ sent, refused }, { sent: 2, refused: 0 }, 'one receipt for the short message, one for the long one\'s first part');
});

test('Kannel with decimal ids (msg-id-type 0x00): DLR type 1 matched to the decimal id', { skip: kannelMissing, timeout: 60_000 }, async (t) => {
  const { simulator, dlr, kannel } = await startAll(t, 'decimal', 0x00);
  await send(kannel, dlr.url, 'decimal', '79991234569', SHORT_TEXT);
  const message = await loggedMessage(simulator, '79991234569');
  assert.equal(message.text, SHORT_TEXT);
  assert.match(message.messageIds[0] ?? '', /^\d+$/);
  const delivered = await dlrCallback(dlr.calls, 'decimal', '1');
  assert.equal(delivered.get('carrier'), message.messageIds[0]);
  assert.match(await kannel.status(), new RegExp(`${kannel.smscId}\\[.*sent: sms 1 `));
});
