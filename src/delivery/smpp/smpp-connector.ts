// The SMPP 3.4 client connector: submits messages to a carrier's SMSC and hands its delivery receipts on.
import type { Connector, OutboundMessage, Receipt, SubmitOutcome } from '../connector.ts';
import type { SmppConnectorConfig } from '../connector-config.ts';
import { DeliveryError, MessageStatus } from '../../wire/statuses.ts';
import { errorFrom } from '../../result.ts';
import { normaliseMessageId } from './message-ids.ts';
import { parseReceipt } from './receipt-parse.ts';
import { receiptStatus } from './receipt-status.ts';
import { CommandStatus, type Pdu, type PduFields } from './smpp-lib.ts';
import { SmppLink, type BindCommand, type Respond, type SmppLogger } from './smpp-link.ts';
import { splitMessage } from './split.ts';
import { submitFields } from './submit-pdu.ts';
import { refusedSubmitOutcome } from './submit-status.ts';
import { SubmitWindow } from './submit-window.ts';
import { TokenBucket } from './throughput.ts';

/** What else a connector may be given: where it logs, its wall clock, and its cap on receipts in hand. */
export interface SmppConnectorOptions {
  logger?: SmppLogger;
  /** Wall clock in ms, for validity; injected by tests. */
  now?: () => number;
  /** Default MAX_RECEIPTS_IN_HAND. */
  maxReceiptsInHand?: number;
}

/**
 * Receipts handed to the handler and not yet settled: an SMSC sending receipts faster than the store commits
 * them cannot grow memory without bound. At the cap the links stop reading (TCP backpressure) until half have
 * settled; a receipt that still arrives beyond it (on a new session) is answered ESME_RX_T_APPN and comes again.
 */
export const MAX_RECEIPTS_IN_HAND = 1000;

// SMPP 3.4 §5.2.12: esm_class bits 2–5 are the message type; 0x04 is an SMSC delivery receipt.
const ESM_CLASS_MESSAGE_TYPE = 0x3c;
const ESM_CLASS_RECEIPT = 0x04;

const SILENT: SmppLogger = { info: () => {}, warn: () => {}, error: () => {} };

/** A part's answer: its carrier id, or why the message stops here. */
type PartOutcome = { id: string } | Exclude<SubmitOutcome, { accepted: string[] }>;

/** An SMPP client towards one SMSC (a transceiver, or a transmitter plus a receiver). */
export class SmppConnector implements Connector {
  readonly name: string;
  readonly #config: SmppConnectorConfig;
  readonly #logger: SmppLogger;
  readonly #now: () => number;
  readonly #maxReceiptsInHand: number;
  readonly #transmitter: SmppLink;
  readonly #links: SmppLink[];
  readonly #window: SubmitWindow;
  readonly #bucket: TokenBucket;
  // A random start, so the concat references of a restarted gateway do not repeat the last ones a handset saw.
  #reference = Math.floor(Math.random() * 256);
  #handler?: (receipt: Receipt) => Promise<void>;
  #receiptsInHand = 0;
  #closed = false;

  /** Starts connecting and binding at once; the connector reconnects by itself until close(). */
  constructor(config: SmppConnectorConfig, options: SmppConnectorOptions = {}) {
    this.name = config.name;
    this.#config = config;
    this.#logger = tagged(options.logger ?? SILENT, { connector: config.name });
    this.#now = options.now ?? Date.now;
    this.#maxReceiptsInHand = options.maxReceiptsInHand ?? MAX_RECEIPTS_IN_HAND;
    this.#window = new SubmitWindow(config.window);
    this.#bucket = new TokenBucket(config.throughputPerSecond);
    const binds: BindCommand[] = config.bind === 'transceiver' ? ['bind_transceiver'] : ['bind_transmitter', 'bind_receiver'];
    this.#links = binds.map((bind) => this.#link(bind));
    this.#transmitter = this.#links[0] as SmppLink;
    for (const link of this.#links) link.start();
  }

  /** True while the transceiver, or the transmitter, is bound. */
  isUp(): boolean {
    return !this.#closed && this.#transmitter.isBound();
  }

  /**
   * Submits every part, within the window and the throughput cap. All taken: their ids, normalised. A part refused
   * for good: that final status for the whole message. Anything temporary: retry, and the whole message goes again.
   */
  async submit(message: OutboundMessage): Promise<SubmitOutcome> {
    if (!this.isUp()) return { retry: 'not bound' };
    if (message.expiresAt <= this.#now()) return { final: { status: MessageStatus.Expired, err: DeliveryError.StatusNotReceived } };
    this.#reference = (this.#reference + 1) & 0xff;
    const split = splitMessage(message.text, this.#config.longMessages, this.#reference);
    if (split.err) {
      this.#logger.warn({ intId: message.intId, reason: split.err.message }, 'SMPP message cannot be split');
      return { final: { status: MessageStatus.Undeliverable, err: DeliveryError.PartsNotSubmitted } };
    }
    // Parts queue for the window in order, so they go out in order; after a failure the rest are not sent.
    const stop: { outcome?: PartOutcome } = {};
    const outcomes = await Promise.all(split.parts.map((part) => this.#submitPart(submitFields(message, part, this.#config), stop)));
    const failure = outcomes.find((o) => 'final' in o) ?? outcomes.find((o) => 'retry' in o);
    if (failure && !('id' in failure)) return failure;
    return { accepted: outcomes.map((o) => ('id' in o ? o.id : '')) };
  }

  onReceipt(handler: (receipt: Receipt) => Promise<void>): void {
    this.#handler = handler;
  }

  /** Nothing to do: an SMSC sends the receipts of earlier submits by itself once we bind again. */
  resume(): void {}

  /** Unbinds politely, drops the connections and cancels every timer; waiting submits end in retry. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#window.close();
    this.#bucket.close();
    await Promise.all(this.#links.map((link) => link.close()));
  }

  #setReading(reading: boolean): void {
    for (const link of this.#links) link.setReading(reading);
  }

  #link(bind: BindCommand): SmppLink {
    const c = this.#config;
    return new SmppLink({
      host: c.host,
      port: c.port,
      bind,
      systemId: c.systemId,
      password: c.password,
      systemType: c.systemType,
      enquireLinkMs: c.enquireLinkSeconds * 1000,
      responseTimeoutMs: c.submitTimeoutMs,
      reconnectMinMs: c.reconnectMinMs,
      reconnectMaxMs: c.reconnectMaxMs,
      logger: this.#logger,
      onDeliver: (pdu, respond) => this.#onDeliver(pdu, respond),
    });
  }

  async #submitPart(fields: PduFields, stop: { outcome?: PartOutcome }): Promise<PartOutcome> {
    if (!(await this.#window.acquire())) return { retry: 'the connector was closed' };
    try {
      if (stop.outcome) return stop.outcome;
      if (!(await this.#bucket.take())) return { retry: 'the connector was closed' };
      if (stop.outcome) return stop.outcome;
      const sent = await this.#transmitter.request('submit_sm', fields, this.#config.submitTimeoutMs);
      const outcome = sent.err ? { retry: sent.err.message } : this.#partOutcome(sent.response);
      if (!('id' in outcome)) stop.outcome = outcome;
      return outcome;
    } finally {
      this.#window.release();
    }
  }

  #partOutcome(response: Pdu): PartOutcome {
    if (response.command_status !== CommandStatus.ESME_ROK) return refusedSubmitOutcome(response.command_status);
    const id = normaliseMessageId(response.message_id ?? '', this.#config.idFormat);
    if (!id.err) return { id: id.id };
    // The SMSC took the part: sending it again would duplicate it, so it is accepted without an id to match receipts by.
    this.#logger.warn({ reason: id.err.message }, 'SMPP submit_sm_resp without a usable message_id');
    return { id: '' };
  }

  // deliver_sm_resp goes only after the handler settled, so a receipt the store did not commit is sent again.
  #onDeliver(pdu: Pdu, respond: Respond): void {
    const esmClass = pdu.esm_class ?? 0;
    if ((esmClass & ESM_CLASS_MESSAGE_TYPE) !== ESM_CLASS_RECEIPT) {
      this.#logger.info({ source: pdu.source_addr, esmClass }, 'SMPP mobile-originated message ignored');
      return respond(CommandStatus.ESME_ROK);
    }
    const parsed = parseReceipt(pdu, this.#config.idFormat);
    if (parsed.err) {
      this.#logger.warn({ receiptedMessageId: pdu.receipted_message_id, reason: parsed.err.message }, 'SMPP receipt not understood');
      return respond(CommandStatus.ESME_ROK);
    }
    const final = receiptStatus(parsed.state, parsed.errCode);
    if (!final) return respond(CommandStatus.ESME_ROK);
    const handler = this.#handler;
    if (!handler || this.#receiptsInHand >= this.#maxReceiptsInHand) {
      this.#logger.warn({ inHand: this.#receiptsInHand, handler: Boolean(handler) }, 'SMPP receipt deferred');
      return respond(CommandStatus.ESME_RX_T_APPN);
    }
    this.#receiptsInHand += 1;
    if (this.#receiptsInHand === this.#maxReceiptsInHand) this.#setReading(false);
    const receipt: Receipt = { carrierId: parsed.carrierId, ...final };
    Promise.resolve()
      .then(() => handler(receipt))
      .then(
        () => CommandStatus.ESME_ROK,
        (thrown: unknown) => {
          this.#logger.error({ carrierId: receipt.carrierId, reason: errorFrom(thrown).message }, 'SMPP receipt handler failed');
          return CommandStatus.ESME_RX_T_APPN;
        },
      )
      .then((status) => {
        this.#receiptsInHand -= 1;
        if (this.#receiptsInHand === Math.floor(this.#maxReceiptsInHand / 2)) this.#setReading(true);
        respond(status);
      });
  }
}

/** `logger` with `fields` added to every entry. */
function tagged(logger: SmppLogger, fields: object): SmppLogger {
  return {
    info: (more, message) => logger.info({ ...fields, ...more }, message),
    warn: (more, message) => logger.warn({ ...fields, ...more }, message),
    error: (more, message) => logger.error({ ...fields, ...more }, message),
  };
}
