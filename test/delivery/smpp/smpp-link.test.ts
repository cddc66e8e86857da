// One SMPP link over real sockets: bind, requests as values, SMSC-initiated commands, hostile peers, reconnects.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { SmscSimulator } from '../../../src/delivery/smpp/smsc-simulator.ts';
import { SmppLink, type SmppLinkOptions } from '../../../src/delivery/smpp/smpp-link.ts';
import { createSmppServer, newPdu, type Pdu, type SmppSession } from '../../../src/delivery/smpp/smpp-lib.ts';
import { waitFor } from '../../support/wait.ts';

const WAIT_MS = 2000;

async function listening(t: TestContext, server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

function link(t: TestContext, port: number, overrides: Partial<SmppLinkOptions> = {}): { link: SmppLink; logs: string[] } {
  const logs: string[] = [];
  const record = (_: object, message: string) => void logs.push(message);
  const smpp = new SmppLink({
    host: '127.0.0.1', port, bind: 'bind_transceiver', systemId: 'gateway', password: 'secret', systemType: '',
    enquireLinkMs: 30_000, responseTimeoutMs: 200, reconnectMinMs: 10, reconnectMaxMs: 40,
    logger: { info: record, warn: record, error: record },
    onDeliver: (_, respond) => respond(0),
    ...overrides,
  });
  t.after(() => smpp.close());
  smpp.start();
  return { link: smpp, logs };
}


/**
 * A scripted SMSC for the commands the simulator never sends: it binds every session, then runs `script`.
 * Sessions are destroyed when the test ends.
 */
async function scriptedSmsc(t: TestContext, script: (session: SmppSession) => void): Promise<{ port: number; sessions: number }> {
  const state = { port: 0, sessions: 0 };
  const open: SmppSession[] = [];
  const server = createSmppServer((session) => {
    state.sessions += 1;
    open.push(session);
    session.on('error', () => session.destroy());
    session.on('pdu', (pdu) => {
      if (pdu.command !== 'bind_transceiver') return;
      session.send(pdu.response({ system_id: 'scripted' }));
      script(session);
    });
  });
  t.after(() => open.forEach((session) => session.destroy()));
  state.port = await listening(t, server);
  return state;
}

test('binds to the simulator, sends requests as values, and is down after close()', async (t) => {
  const sim = new SmscSimulator();
  const port = await sim.listen(0);
  t.after(() => sim.close());
  const { link: smpp } = link(t, port);
  assert.match((await smpp.request('enquire_link', {}, 200)).err?.message ?? '', /not bound/);
  await waitFor('the bind', () => smpp.isBound(), { timeoutMs: WAIT_MS });
  const answered = await smpp.request('enquire_link', {}, 200);
  assert.equal(answered.err ? answered.err.message : answered.response.command, 'enquire_link_resp');
  await smpp.close();
  assert.equal(smpp.isBound(), false);
  assert.match((await smpp.request('enquire_link', {}, 200)).err?.message ?? '', /not bound/);
});

test('SMPP 3.4 §4: the SMSC\'s enquire_link is answered, a command an ESME does not take is refused, unbind is answered and the link binds again', async (t) => {
  const answers: string[] = [];
  const smsc = await scriptedSmsc(t, (session) => {
    if (answers.length > 0) return;
    const answered = (response: Pdu) => void answers.push(`${response.command} ${response.command_status}`);
    session.send(newPdu('enquire_link'), answered);
    session.send(newPdu('submit_sm', { destination_addr: '1', short_message: Buffer.from('x') }), answered);
    session.send(newPdu('unbind'), answered);
  });
  const { link: smpp } = link(t, smsc.port);
  await waitFor('a second bind after the SMSC unbound', () => smsc.sessions >= 2 && smpp.isBound(), { timeoutMs: WAIT_MS });
  assert.deepEqual(answers, ['enquire_link_resp 0', 'submit_sm_resp 3', 'unbind_resp 0'], 'ESME_RINVCMDID 0x03 for submit_sm');
});

test('a request the SMSC never answers fails after its timeout, and its late answer is ignored', async (t) => {
  let answerLate = () => {};
  const smsc = await scriptedSmsc(t, (session) => {
    session.on('pdu', (pdu) => {
      if (pdu.command === 'submit_sm') answerLate = () => session.send(pdu.response({ message_id: 'late' }));
      if (pdu.command === 'enquire_link') session.send(pdu.response());
    });
  });
  const { link: smpp } = link(t, smsc.port);
  await waitFor('the bind', () => smpp.isBound(), { timeoutMs: WAIT_MS });
  const outcome = await smpp.request('submit_sm', { destination_addr: '1', short_message: Buffer.from('x') }, 50);
  assert.match(outcome.err?.message ?? '', /no submit_sm_resp within 50 ms/);
  answerLate();
  const after = await smpp.request('enquire_link', {}, 200);
  assert.equal(after.err ? after.err.message : after.response.command, 'enquire_link_resp', 'still bound and reading');
});

test('a bind that is never answered times out and the link tries again', async (t) => {
  const sockets: Socket[] = [];
  const silent = createServer((socket) => void sockets.push(socket));
  t.after(() => sockets.forEach((socket) => socket.destroy()));
  const port = await listening(t, silent);
  const { link: smpp, logs } = link(t, port, { responseTimeoutMs: 30 });
  await waitFor('a second connection', () => sockets.length >= 2, { timeoutMs: WAIT_MS });
  assert.equal(smpp.isBound(), false);
  assert.ok(logs.includes('SMPP bind refused'));
});

test('nobody listening: the link stays down and keeps trying', async (t) => {
  const closed = createServer();
  const port = await listening(t, closed);
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  const { link: smpp, logs } = link(t, port);
  await waitFor('three reconnects', () => logs.filter((m) => m === 'SMPP link down, reconnecting').length >= 3, { timeoutMs: WAIT_MS });
  assert.equal(smpp.isBound(), false);
});

test('hostile peer: a command_length over MAX_PDU_OCTETS drops the connection and the link reconnects', async (t) => {
  const sockets: Socket[] = [];
  const hostile = createServer((socket) => {
    sockets.push(socket);
    socket.on('error', () => {});
    socket.write(Buffer.from('7fffffff000000040000000000000001', 'hex'));
  });
  t.after(() => sockets.forEach((socket) => socket.destroy()));
  const port = await listening(t, hostile);
  const { logs } = link(t, port);
  await waitFor('a new connection after the framing error', () => sockets.length >= 2, { timeoutMs: WAIT_MS });
  assert.ok(logs.includes('SMPP connection error'));
});
