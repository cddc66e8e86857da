// The one fake SMTP peer for tests: an smtp-server mailbox on 127.0.0.1 that stores parsed mail and can refuse or hang up.
import { SMTPServer, type SMTPServerError } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';

/** One message the mailbox took: the envelope as given over SMTP, the raw bytes, and mailparser's reading of them. */
export interface ReceivedMail {
  mailFrom: string;
  rcptTo: string[];
  raw: Buffer;
  parsed: ParsedMail;
}

/** A running mailbox; `close` is bound, so `t.after(mailbox.close)` works. */
export interface SmtpMailbox {
  readonly host: string;
  readonly port: number;
  /** Every message taken so far, in arrival order. */
  readonly messages: ReceivedMail[];
  /** From now on answers RCPT TO `address` with `code` (e.g. 550, 552, 451). */
  rejectRecipient(address: string, code: number): void;
  /** From now on closes the connection, without a reply, when RCPT TO names `address`. */
  dropOnRecipient(address: string): void;
  /** Resolves once `count` messages arrived; fails with "waited N ms for …" instead of hanging. */
  waitForMessages(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

// A test sends short texts; anything larger is a runaway test, refused with 552 by smtp-server.
const MAX_MESSAGE_BYTES = 1024 * 1024;

/** Opens a mailbox on a free port; with `auth`, it requires AUTH PLAIN/LOGIN with exactly those credentials. */
export async function openSmtpMailbox(options: { auth?: { user: string; password: string } } = {}): Promise<SmtpMailbox> {
  const messages: ReceivedMail[] = [];
  const scripted = new Map<string, { reject: number } | 'drop'>();
  const waiters = new Set<() => void>();
  const { auth } = options;

  const server = new SMTPServer({
    logger: false,
    // Plain text on loopback: no STARTTLS offered, so the client never upgrades.
    disabledCommands: auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authOptional: !auth,
    allowInsecureAuth: true,
    size: MAX_MESSAGE_BYTES,
    rejectOversized: true,
    // Pooled client connections still open at close() are cut after this instead of smtp-server's 30 s.
    closeTimeout: 100,
    onAuth(credentials, _session, callback) {
      if (auth && credentials.username === auth.user && credentials.password === auth.password) return callback(null, { user: auth.user });
      callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onRcptTo(address, session, callback) {
      const script = scripted.get(address.address.toLowerCase());
      if (script === 'drop') {
        for (const connection of server.connections) if (connection.id === session.id) connection.close();
        return;
      }
      if (script) {
        const error: SMTPServerError = Object.assign(new Error(`scripted rejection of ${address.address}`), { responseCode: script.reject });
        return callback(error);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw).then(
          (parsed) => {
            const envelope = session.envelope;
            messages.push({ mailFrom: envelope.mailFrom ? envelope.mailFrom.address : '', rcptTo: envelope.rcptTo.map((r) => r.address), raw, parsed });
            for (const wake of waiters) wake();
            callback();
          },
          (error: Error) => callback(error),
        );
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.server.address();
  if (address === null || typeof address === 'string') throw new Error('smtp mailbox has no TCP address');

  return {
    host: '127.0.0.1',
    port: address.port,
    messages,
    rejectRecipient: (recipient, code) => void scripted.set(recipient.toLowerCase(), { reject: code }),
    dropOnRecipient: (recipient) => void scripted.set(recipient.toLowerCase(), 'drop'),
    waitForMessages(count, timeoutMs = 2000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (messages.length < count) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(messages.slice(0, count));
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`waited ${timeoutMs} ms for ${count} messages, ${messages.length} arrived`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
