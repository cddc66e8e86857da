// E-mail delivery through an SMTP relay: one pooled nodemailer transport, each SMTP answer mapped to an outcome.
import nodemailer, { type NodemailerError, type SMTPPoolOptions, type SMTPPoolSentMessageInfo, type Transporter } from 'nodemailer';
import { normalizeEmail } from '../numbering/phones.ts';
import { errorFrom } from '../result.ts';
import { DeliveryError, MessageStatus } from '../wire/statuses.ts';
import type { Connector, OutboundMessage, SubmitOutcome } from './connector.ts';
import type { SmtpConnectorConfig } from './connector-config.ts';

/** Where the connector logs: pino's call shape, values in the object, a static message. */
export interface SmtpConnectorLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/** Optional collaborators of an SmtpConnector. */
export interface SmtpConnectorOptions {
  logger?: SmtpConnectorLogger;
}

// Connections opened to the relay at once; the dispatcher's concurrency queues behind them.
const MAX_CONNECTIONS = 2;
// A relay answering with an endless (multi-line) reply would otherwise grow our buffer to nodemailer's 1 MB.
const MAX_RESPONSE_BYTES = 64 * 1024;
// The relay's reply text becomes the retry reason, which is stored and logged; a chatty relay cannot bloat it.
const MAX_REASON_CHARS = 200;

// RFC 5321 §4.2.2/§4.2.3: 550 mailbox unavailable, 551 user not local, 553 mailbox name not allowed.
const NO_SUCH_MAILBOX: ReadonlySet<number> = new Set([550, 551, 553]);
// RFC 5321 §4.2.2: 552 exceeded storage allocation (mailbox full, or the message too large for it).
const MAILBOX_FULL = 552;
// The commands that carry this message; a 5xx to EHLO or AUTH says nothing about the message itself.
const MESSAGE_COMMANDS: ReadonlySet<string> = new Set(['MAIL FROM', 'RCPT TO', 'DATA']);

const SILENT: SmtpConnectorLogger = { info() {}, warn() {}, error() {} };

/** True for a permanent rejection (RFC 5321 §4.2.1: 5yz); 503 only says the session was out of step. */
function isPermanent(responseCode: number | undefined): responseCode is number {
  return responseCode !== undefined && responseCode >= 500 && responseCode < 600 && responseCode !== 503;
}

/** The spec §4.4 err for a 5xx reply to `command` (docs/email.md "Outcomes"). */
function rejectionErr(responseCode: number, command: string): number {
  if (responseCode === MAILBOX_FULL) return DeliveryError.QueueOverflowed;
  if (command === 'RCPT TO' && NO_SUCH_MAILBOX.has(responseCode)) return DeliveryError.SubscriberMissing;
  return DeliveryError.Rejected;
}

/**
 * Stable across retries, so a copy sent again after a timed-out exchange carries the same id and mail
 * clients fold the two; expiresAt tells apart databases that reuse int ids.
 */
function messageIdOf(message: OutboundMessage, from: string): string {
  const domain = from.slice(from.lastIndexOf('@') + 1);
  return `<opensmsc.${message.intId}.${message.expiresAt.toString(36)}@${domain}>`;
}

/** Sends e-mail (mail=1) through the relay in `config`; the relay's acceptance is final delivery (status 1). */
export class SmtpConnector implements Connector {
  readonly name: string;
  readonly #config: SmtpConnectorConfig;
  readonly #logger: SmtpConnectorLogger;
  readonly #transport: Transporter<SMTPPoolSentMessageInfo, SMTPPoolOptions>;
  #closed = false;

  constructor(config: SmtpConnectorConfig, options: SmtpConnectorOptions = {}) {
    this.name = config.name;
    this.#config = config;
    this.#logger = options.logger ?? SILENT;
    this.#transport = nodemailer.createTransport({
      pool: true,
      host: config.host,
      port: config.port,
      secure: config.secure,
      auth: config.user !== undefined && config.password !== undefined ? { user: config.user, pass: config.password } : undefined,
      maxConnections: MAX_CONNECTIONS,
      // The dispatcher retries with backoff until validity ends; a second retry loop here would hide the failure.
      maxRequeues: 0,
      // Each wait is bounded on its own; the AbortSignal in submit() bounds the whole exchange (a dribbling relay).
      connectionTimeout: config.timeoutMs,
      greetingTimeout: config.timeoutMs,
      socketTimeout: config.timeoutMs,
      dnsTimeout: config.timeoutMs,
      maxResponseSize: MAX_RESPONSE_BYTES,
    });
  }

  /** SMTP connects per send, so a relay that is down shows up as a retry, not here; false once closed. */
  isUp(): boolean {
    return !this.#closed;
  }

  async submit(message: OutboundMessage): Promise<SubmitOutcome> {
    if (this.#closed) return { retry: 'connector closed' };
    const to = normalizeEmail(message.address);
    if (!('address' in to)) return { final: { status: MessageStatus.InvalidNumber, err: DeliveryError.InvalidNumberFormat } };
    const sender = normalizeEmail(message.sender);
    const from = 'address' in sender ? sender.address : this.#config.from;
    try {
      await this.#transport.sendMail({
        from,
        to: to.address,
        subject: message.subject,
        text: message.text,
        messageId: messageIdOf(message, from),
        headers: { 'X-OpenSMSC-Int-Id': String(message.intId) },
        signal: AbortSignal.timeout(this.#config.timeoutMs),
      });
      return { final: { status: MessageStatus.Delivered, err: DeliveryError.None } };
    } catch (thrown) {
      return this.#outcomeOfFailure(message, errorFrom(thrown));
    }
  }

  /** E-mail has no delivery receipts: the handler is never called. */
  onReceipt(): void {}

  /** Nothing to resume: every e-mail ended at submit (delivered, rejected or to be retried). */
  resume(): void {}

  async close(): Promise<void> {
    this.#closed = true;
    // force: a relay stalling mid-message must not hold shutdown; that message's submit answers retry.
    this.#transport.close({ force: true });
  }

  #outcomeOfFailure(message: OutboundMessage, error: NodemailerError): SubmitOutcome {
    const { code, responseCode, command = '' } = error;
    const fields = { connector: this.name, intId: message.intId, code, responseCode, command };
    if (isPermanent(responseCode) && MESSAGE_COMMANDS.has(command)) {
      this.#logger.info(fields, 'smtp relay rejected a message');
      return { final: { status: MessageStatus.Undeliverable, err: rejectionErr(responseCode, command) } };
    }
    if (code === 'EAUTH') this.#logger.error(fields, 'smtp relay refused our credentials');
    else this.#logger.warn(fields, 'smtp send deferred');
    return { retry: `${code ?? 'ERROR'}: ${error.message}`.slice(0, MAX_REASON_CHARS) };
  }
}
