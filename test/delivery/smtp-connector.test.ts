// E-mail over SMTP (docs/email.md): what arrives at a real mailbox, and the outcome of each relay answer.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { SmtpConnector } from '../../src/delivery/smtp-connector.ts';
import type { OutboundMessage, SubmitOutcome } from '../../src/delivery/connector.ts';
import type { SmtpConnectorConfig } from '../../src/delivery/connector-config.ts';
import { openSmtpMailbox } from '../support/smtp-mailbox.ts';

const FROM = 'gateway@opensmsc.test';
const EXPIRES_AT = Date.UTC(2030, 0, 1);

function config(port: number, overrides: Partial<SmtpConnectorConfig> = {}): SmtpConnectorConfig {
  return { type: 'smtp', name: 'relay', host: '127.0.0.1', port, secure: false, from: FROM, timeoutMs: 2000, ...overrides };
}

function outbound(address: string, overrides: Partial<OutboundMessage> = {}): OutboundMessage {
  return { intId: 42, address, kind: 'mail', sender: 'shop@example.com', subject: 'Order', text: 'hello', expiresAt: EXPIRES_AT, ...overrides };
}

function connect(t: TestContext, port: number, overrides: Partial<SmtpConnectorConfig> = {}): SmtpConnector {
  const connector = new SmtpConnector(config(port, overrides));
  t.after(() => connector.close());
  return connector;
}

/** A TCP peer that is not an SMTP server: `onSocket` decides what it says; sockets are destroyed at teardown. */
async function rawPeer(t: TestContext, onSocket: (socket: net.Socket) => void): Promise<number> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
    onSocket(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    for (const socket of sockets) socket.destroy();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return (server.address() as net.AddressInfo).port;
}

const DELIVERED = { final: { status: 1, err: 0 } };

/** Submits and measures how long the answer took; fails with "waited N ms …" if it never comes. */
async function timedSubmit(connector: SmtpConnector, message: OutboundMessage, waitMs = 5000): Promise<{ outcome: SubmitOutcome; elapsed: number }> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const giveUp = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`waited ${waitMs} ms for the submit outcome`)), waitMs);
  });
  try {
    const outcome = await Promise.race([connector.submit(message), giveUp]);
    return { outcome, elapsed: Date.now() - started };
  } finally {
    clearTimeout(timer);
  }
}

test('an accepted mail arrives with exact From, To, Subject, headers and a Cyrillic + emoji body', async (t) => {
  const mailbox = await openSmtpMailbox();
  t.after(mailbox.close);
  const connector = connect(t, mailbox.port);
  const text = 'Ваш код: 4821 ✅ 🚀\nВторая строка — «ёлка» 👍🏽';

  const outcome = await connector.submit(outbound('Reader@Example.com', { subject: 'Заказ №7 готов 📦', text, intId: 9001 }));

  assert.deepEqual(outcome, DELIVERED);
  const [mail] = await mailbox.waitForMessages(1);
  assert.ok(mail);
  assert.deepEqual(mail.parsed.from?.value.map((a) => a.address), ['shop@example.com']);
  assert.deepEqual(mail.parsed.to && !Array.isArray(mail.parsed.to) ? mail.parsed.to.value.map((a) => a.address) : [], ['Reader@example.com']);
  assert.deepEqual(mail.rcptTo, ['Reader@example.com']);
  assert.equal(mail.mailFrom, 'shop@example.com');
  assert.equal(mail.parsed.subject, 'Заказ №7 готов 📦');
  // mailparser ends a text/plain body with a newline of its own.
  assert.equal(mail.parsed.text?.replace(/\n$/, ''), text);
  assert.equal(mail.parsed.headers.get('x-opensmsc-int-id'), '9001');
  assert.equal(mail.parsed.messageId, `<opensmsc.9001.${EXPIRES_AT.toString(36)}@example.com>`);
  assert.match(mail.raw.toString('latin1'), /^Content-Type: text\/plain; charset=utf-8\r$/im);
});

test('a sender that is not an e-mail address is replaced by config.from', async (t) => {
  const mailbox = await openSmtpMailbox();
  t.after(mailbox.close);
  const connector = connect(t, mailbox.port);

  assert.deepEqual(await connector.submit(outbound('reader@example.com', { sender: 'SHOP' })), DELIVERED);

  const [mail] = await mailbox.waitForMessages(1);
  assert.deepEqual(mail?.parsed.from?.value.map((a) => a.address), [FROM]);
  assert.equal(mail?.mailFrom, FROM);
});

test('a subject with line breaks cannot add headers (the client controls the subject)', async (t) => {
  const mailbox = await openSmtpMailbox();
  t.after(mailbox.close);
  const connector = connect(t, mailbox.port);

  const outcome = await connector.submit(outbound('reader@example.com', { subject: 'Hi\r\nBcc: victim@example.com\r\nX-Evil: 1' }));

  assert.deepEqual(outcome, DELIVERED);
  const [mail] = await mailbox.waitForMessages(1);
  assert.equal(mail?.parsed.headers.has('bcc'), false);
  assert.equal(mail?.parsed.headers.has('x-evil'), false);
  assert.deepEqual(mail?.rcptTo, ['reader@example.com']);
});

// docs/email.md "Outcomes": RFC 5321 reply codes to RCPT TO.
const BY_REPLY: Array<[code: number, outcome: object]> = [
  [550, { final: { status: 20, err: 1 } }],
  [551, { final: { status: 20, err: 1 } }],
  [553, { final: { status: 20, err: 1 } }],
  [552, { final: { status: 20, err: 220 } }],
  [554, { final: { status: 20, err: 255 } }],
];

test('a permanent rejection of the recipient ends the message with the documented status and err', async (t) => {
  const mailbox = await openSmtpMailbox();
  t.after(mailbox.close);
  const connector = connect(t, mailbox.port);

  for (const [code, expected] of BY_REPLY) {
    mailbox.rejectRecipient(`r${code}@example.com`, code);
    assert.deepEqual(await connector.submit(outbound(`r${code}@example.com`)), expected, `RCPT TO answered ${code}`);
  }
  // The pooled connection survives the rejections.
  assert.deepEqual(await connector.submit(outbound('reader@example.com')), DELIVERED);
  assert.equal(mailbox.messages.length, 1);
});

test('a temporary rejection (451) is retried, with the reply in the reason', async (t) => {
  const mailbox = await openSmtpMailbox();
  t.after(mailbox.close);
  const connector = connect(t, mailbox.port);
  mailbox.rejectRecipient('busy@example.com', 451);

  const outcome = await connector.submit(outbound('busy@example.com'));

  assert.ok('retry' in outcome, JSON.stringify(outcome));
  assert.match(outcome.retry, /^EENVELOPE: .*451/);
  assert.equal(mailbox.messages.length, 0);
});

test('a relay that hangs up mid-envelope gives a retry, and the next message still goes through', async (t) => {
  const mailbox = await openSmtpMailbox();
  t.after(mailbox.close);
  const connector = connect(t, mailbox.port);
  mailbox.dropOnRecipient('gone@example.com');

  assert.ok('retry' in (await connector.submit(outbound('gone@example.com'))));
  assert.deepEqual(await connector.submit(outbound('reader@example.com')), DELIVERED);
});

test('a refused connection gives a retry', async (t) => {
  // A port that was free a moment ago: listened on, then closed.
  const closedPort = await new Promise<number>((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
  const connector = connect(t, closedPort);

  const outcome = await connector.submit(outbound('reader@example.com'));

  assert.ok('retry' in outcome, JSON.stringify(outcome));
  assert.match(outcome.retry, /ECONNREFUSED/);
  assert.equal(connector.isUp(), true);
});

test('a server that accepts TCP but never greets gives a retry within timeoutMs', async (t) => {
  const port = await rawPeer(t, () => {});
  const timeoutMs = 300;
  const connector = connect(t, port, { timeoutMs });

  const { outcome, elapsed } = await timedSubmit(connector, outbound('reader@example.com'));

  assert.ok('retry' in outcome, JSON.stringify(outcome));
  assert.ok(elapsed >= timeoutMs - 20 && elapsed < timeoutMs + 700, `answered after ${elapsed} ms`);
});

test('a relay that dribbles its EHLO reply one line at a time is cut off at timeoutMs', async (t) => {
  // Each line resets nodemailer's idle socket timeout; only the whole-exchange deadline ends the exchange.
  const port = await rawPeer(t, (socket) => {
    socket.write('220 relay.test ESMTP\r\n');
    socket.once('data', () => {
      const timer = setInterval(() => socket.write('250-still here\r\n'), 50);
      socket.on('close', () => clearInterval(timer));
    });
  });
  const timeoutMs = 400;
  const connector = connect(t, port, { timeoutMs });

  const { outcome, elapsed } = await timedSubmit(connector, outbound('reader@example.com'));

  assert.ok('retry' in outcome, JSON.stringify(outcome));
  assert.ok(elapsed < timeoutMs + 700, `answered after ${elapsed} ms`);
});

test('a relay that sends an endless reply is cut off at the response cap, long before timeoutMs', async (t) => {
  // 8 KiB of one unterminated reply line every 5 ms: the bytes sent when we hang up show where the cap is.
  let sent = 0;
  let peerClosed!: () => void;
  const closed = new Promise<void>((resolve) => (peerClosed = resolve));
  const port = await rawPeer(t, (socket) => {
    const chunk = Buffer.alloc(8 * 1024, 'x');
    socket.write('220 ');
    const timer = setInterval(() => {
      if (!socket.writable) return;
      socket.write(chunk);
      sent += chunk.length;
    }, 5);
    socket.on('close', () => {
      clearInterval(timer);
      peerClosed();
    });
  });
  const connector = connect(t, port, { timeoutMs: 5000 });

  const { outcome, elapsed } = await timedSubmit(connector, outbound('reader@example.com'));
  await closed;

  assert.ok('retry' in outcome, JSON.stringify(outcome));
  assert.ok(elapsed < 2000, `answered after ${elapsed} ms`);
  assert.ok(sent <= 256 * 1024, `the relay got ${sent} bytes in before we hung up`);
});

test('a recipient that is not an e-mail address ends at once as an invalid address', async (t) => {
  const connector = connect(t, 9);
  assert.deepEqual(await connector.submit(outbound('79161234567')), { final: { status: 22, err: 249 } });
});

test('with user and password it logs in; refused credentials give a retry, not a final status', async (t) => {
  const mailbox = await openSmtpMailbox({ auth: { user: 'gw', password: 'right' } });
  t.after(mailbox.close);

  const good = connect(t, mailbox.port, { user: 'gw', password: 'right' });
  assert.deepEqual(await good.submit(outbound('reader@example.com')), DELIVERED);

  const bad = connect(t, mailbox.port, { user: 'gw', password: 'wrong' });
  const outcome = await bad.submit(outbound('reader@example.com'));
  assert.ok('retry' in outcome && outcome.retry.startsWith('EAUTH'), JSON.stringify(outcome));
  assert.equal(mailbox.messages.length, 1);
});

test('after close() the connector is down and answers retry without touching the relay', async (t) => {
  const mailbox = await openSmtpMailbox();
  t.after(mailbox.close);
  const connector = connect(t, mailbox.port);
  assert.equal(connector.isUp(), true);

  await connector.close();

  assert.equal(connector.isUp(), false);
  assert.deepEqual(await connector.submit(outbound('reader@example.com')), { retry: 'connector closed' });
  assert.equal(mailbox.messages.length, 0);
});
