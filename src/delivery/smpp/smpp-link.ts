// One SMPP session towards an SMSC that binds, stays bound (enquire_link) and reconnects with backoff until closed.
import { errorFrom, type Result } from '../../result.ts';
import { reconnectDelay } from './backoff.ts';
import { SmppClientSession } from './client-session.ts';
import { SmppPdu } from './pdu-codec.ts';
import { CommandStatus, type Pdu, type PduFields, type SmppCommand } from './smpp-lib.ts';

/** Where a connector's logs go: pino's signature, static messages with values in fields. */
export interface SmppLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/** Answers a request of the SMSC on the session it came in on, with `command_status` (0 = ESME_ROK). */
export type Respond = (commandStatus: number) => void;

/** The bind a link makes (SMPP 3.4 §4.1). */
export type BindCommand = 'bind_transceiver' | 'bind_transmitter' | 'bind_receiver';

/** What a link needs: the peer, its bind, the timers, and who takes the SMSC's deliver_sm. */
export interface SmppLinkOptions {
  host: string;
  port: number;
  bind: BindCommand;
  systemId: string;
  password: string;
  systemType: string;
  /** An idle link sends enquire_link after this long without a PDU from the SMSC. */
  enquireLinkMs: number;
  /** The TCP connect, bind_resp, enquire_link_resp and every request's response must come within this. */
  responseTimeoutMs: number;
  reconnectMinMs: number;
  reconnectMaxMs: number;
  logger: SmppLogger;
  /** Called with every deliver_sm; `respond` sends its deliver_sm_resp. */
  onDeliver(pdu: Pdu, respond: Respond): void;
}

/** One connection's requests awaiting a response, and its idle timer. */
interface SessionContext {
  session: SmppClientSession;
  pending: Map<number, (result: Result<{ response: Pdu }>) => void>;
  idleTimer?: NodeJS.Timeout;
  /** Drops the connection if the SMSC does not close it after unbinding us. */
  unbindTimer?: NodeJS.Timeout;
}

/** A link's state: not started, on its way to bound, bound, unbound by the SMSC, waiting to reconnect, or closed for good. */
type LinkState =
  | { phase: 'idle' }
  | { phase: 'connecting' | 'binding' | 'bound' | 'unbinding'; context: SessionContext }
  | { phase: 'waiting'; timer: NodeJS.Timeout }
  | { phase: 'closed' };

// A polite unbind on close gets this long before the socket is dropped anyway.
const UNBIND_TIMEOUT_MS = 500;

/** An SMPP client session that keeps itself bound; requests fail as values while it is not. */
export class SmppLink {
  readonly #options: SmppLinkOptions;
  #state: LinkState = { phase: 'idle' };
  #attempt = 0;
  readonly #handlers: Record<string, (context: SessionContext, pdu: Pdu) => void> = {
    enquire_link: (context, pdu) => respondTo(context.session, pdu, CommandStatus.ESME_ROK),
    // SMPP 3.4 §4.2: the SMSC may unbind us; answer, let it close, and bind again after the backoff.
    unbind: (context, pdu) => {
      if (this.#state.phase !== 'closed' && 'context' in this.#state && this.#state.context === context) this.#state = { phase: 'unbinding', context };
      respondTo(context.session, pdu, CommandStatus.ESME_ROK);
      context.session.close();
      context.unbindTimer = setTimeout(() => context.session.destroy(), UNBIND_TIMEOUT_MS);
    },
    deliver_sm: (context, pdu) => this.#options.onDeliver(pdu, (status) => respondTo(context.session, pdu, status)),
  };

  constructor(options: SmppLinkOptions) {
    this.#options = options;
  }

  /** Connects and binds; from then on it reconnects by itself until close(). */
  start(): void {
    if (this.#state.phase === 'idle') this.#connect();
  }

  isBound(): boolean {
    return this.#state.phase === 'bound';
  }

  /**
   * Stops (or resumes) reading the SMSC's PDUs on the current session: TCP then holds them back at the SMSC, which is
   * how an ESME says "not so fast". Responses to our own requests wait too; a new session reads from the start.
   */
  setReading(reading: boolean): void {
    if (!('context' in this.#state)) return;
    if (reading) this.#state.context.session.resume();
    else this.#state.context.session.pause();
  }

  /** Sends a request on the bound session and waits for its response; fails when not bound, unwritable, lost or late. */
  request(command: SmppCommand, fields: PduFields, timeoutMs: number): Promise<Result<{ response: Pdu }>> {
    if (this.#state.phase !== 'bound') return Promise.resolve({ err: new Error('not bound') });
    return this.#send(this.#state.context, command, fields, timeoutMs);
  }

  /** Unbinds if bound (waiting at most UNBIND_TIMEOUT_MS), drops the connection and cancels every timer. */
  async close(): Promise<void> {
    const state = this.#state;
    this.#state = { phase: 'closed' };
    if (state.phase === 'waiting') clearTimeout(state.timer);
    if (state.phase === 'idle' || state.phase === 'waiting' || state.phase === 'closed') return;
    if (state.phase === 'bound') await this.#send(state.context, 'unbind', {}, UNBIND_TIMEOUT_MS);
    state.context.session.destroy();
    this.#forget(state.context, 'the link was closed');
  }

  #connect(): void {
    const { host, port, responseTimeoutMs } = this.#options;
    let session: SmppClientSession;
    try {
      session = new SmppClientSession(host, port);
    } catch (thrown) {
      // net.connect throws at once for a port out of range: log it and keep trying, like any other failure.
      this.#log('error', { reason: errorFrom(thrown).message }, 'SMPP connect failed');
      return this.#reconnectLater();
    }
    const context: SessionContext = { session, pending: new Map() };
    this.#state = { phase: 'connecting', context };
    // net.connect has no connect timeout: a peer that never completes the handshake would hold the link forever.
    const connectTimer = setTimeout(() => session.destroy(), responseTimeoutMs);
    // After a socket or framing error the session reads no more: drop it, the close handler reconnects.
    session.on('error', (error) => {
      this.#log('warn', { reason: error.message }, 'SMPP connection error');
      session.destroy();
    });
    session.on('close', () => {
      clearTimeout(connectTimer);
      this.#lost(context);
    });
    session.once('connect', () => {
      clearTimeout(connectTimer);
      void this.#bind(context);
    });
    session.on('pdu', (pdu) => {
      context.idleTimer?.refresh();
      if (pdu.isResponse()) return;
      const handler = this.#handlers[pdu.command];
      if (handler) handler(context, pdu);
      else respondTo(session, pdu, CommandStatus.ESME_RINVCMDID);
    });
  }

  async #bind(context: SessionContext): Promise<void> {
    if (this.#state.phase !== 'connecting' || this.#state.context !== context) return;
    this.#state = { phase: 'binding', context };
    const { bind, systemId, password, systemType, responseTimeoutMs, enquireLinkMs } = this.#options;
    const fields = { system_id: systemId, password, system_type: systemType, interface_version: 0x34 };
    const bound = await this.#send(context, bind, fields, responseTimeoutMs);
    if (this.#state.phase !== 'binding' || this.#state.context !== context) return;
    // A generic_nack (§4.3) answers with the bind's sequence_number too, and is a refusal whatever its status.
    if (bound.err || bound.response.command !== `${bind}_resp` || bound.response.command_status !== CommandStatus.ESME_ROK) {
      const commandStatus = bound.err ? undefined : bound.response.command_status;
      this.#log('warn', { commandStatus, reason: bound.err?.message }, 'SMPP bind refused');
      context.session.destroy();
      return;
    }
    this.#state = { phase: 'bound', context };
    this.#attempt = 0;
    context.idleTimer = setTimeout(() => void this.#enquire(context), enquireLinkMs);
    this.#log('info', {}, 'SMPP link bound');
  }

  // SMPP 3.4 §4.11: enquire_link proves an idle link alive; an unanswered one counts as a lost link.
  async #enquire(context: SessionContext): Promise<void> {
    const answered = await this.#send(context, 'enquire_link', {}, this.#options.responseTimeoutMs);
    if (!answered.err || this.#state.phase !== 'bound' || this.#state.context !== context) return;
    this.#log('warn', { reason: answered.err.message }, 'SMPP enquire_link unanswered');
    context.session.destroy();
  }

  #lost(context: SessionContext): void {
    this.#forget(context, 'the link was lost');
    if (this.#state.phase === 'closed' || !('context' in this.#state) || this.#state.context !== context) return;
    this.#reconnectLater();
  }

  #reconnectLater(): void {
    const { reconnectMinMs, reconnectMaxMs } = this.#options;
    const delayMs = reconnectDelay(this.#attempt, reconnectMinMs, reconnectMaxMs);
    this.#attempt += 1;
    this.#log('warn', { delayMs }, 'SMPP link down, reconnecting');
    this.#state = { phase: 'waiting', timer: setTimeout(() => this.#state.phase === 'waiting' && this.#connect(), delayMs) };
  }

  #forget(context: SessionContext, reason: string): void {
    clearTimeout(context.idleTimer);
    clearTimeout(context.unbindTimer);
    const waiting = [...context.pending.values()];
    context.pending.clear();
    for (const finish of waiting) finish({ err: new Error(reason) });
  }

  #send(context: SessionContext, command: SmppCommand, fields: PduFields, timeoutMs: number): Promise<Result<{ response: Pdu }>> {
    const { session, pending } = context;
    return new Promise((resolve) => {
      const pdu = new SmppPdu(command, fields);
      let timer: NodeJS.Timeout | undefined;
      const finish = (result: Result<{ response: Pdu }>) => {
        clearTimeout(timer);
        pending.delete(pdu.sequence_number);
        resolve(result);
      };
      let sent: boolean;
      try {
        sent = session.send(pdu, (response) => finish({ response }));
      } catch (thrown) {
        // The codec throws for a field it cannot write (a short_message over 255 octets).
        return resolve({ err: errorFrom(thrown) });
      }
      if (!sent) return resolve({ err: new Error('the connection is not writable') });
      pending.set(pdu.sequence_number, finish);
      timer = setTimeout(() => {
        session.forget(pdu.sequence_number);
        finish({ err: new Error(`no ${command}_resp within ${timeoutMs} ms`) });
      }, timeoutMs);
    });
  }

  #log(level: keyof SmppLogger, fields: object, message: string): void {
    const { host, port, bind } = this.#options;
    this.#options.logger[level]({ host, port, bind, ...fields }, message);
  }
}

/** Sends the response to `pdu`; a generic_nack for a command without a response of its own (SMPP 3.4 §4.3). */
function respondTo(session: SmppClientSession, pdu: Pdu, commandStatus: number): void {
  session.send(pdu.response({ command_status: commandStatus }));
}
