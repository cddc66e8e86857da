// A standalone SMSC over SMPP 3.4 for tests and benchmarks: binds, submits, per-part ids, receipts, faults on demand.
import type { Server } from 'node:net';
import { testBehaviour, type Behaviour } from '../test-numbers.ts';
import { Reassembler, type ReassembledMessage } from './reassembly.ts';
import { MessageLog, type ReceivedMessage } from './sim-message-log.ts';
import { formatSimulatorId, partsWantingReceipts, receiptPdus, type PartTag } from './sim-receipt-pdus.ts';
import { ReceiptRouter, type ReceiptStats } from './sim-receipts.ts';
import { openContext, throttles, type BindMode, type SessionContext } from './sim-session.ts';
import { outcomePicker, rejectionStatus } from './sim-outcome.ts';
import { seededRandom } from '../../random.ts';
import { garbageBytes } from './sim-garbage.ts';
import { DEFAULT_SIMULATOR_OPTIONS, type ResolvedSimulatorOptions, type SmscSimulatorOptions } from './smsc-simulator-options.ts';
import { CommandStatus, createSmppServer, type Pdu, type SmppSession } from './smpp-lib.ts';


/** Counters since the simulator started. */
export interface SimulatorStats {
  binds: number;
  bindFailures: number;
  /** submit_sm PDUs taken (parts), not counting those refused for window or throttling. */
  submits: number;
  messages: number;
  duplicates: number;
  throttled: number;
  queueFull: number;
  rejected: number;
  malformed: number;
  disconnects: number;
  /** Stalls begun (stallEvery) and pieces of garbage written (garbageEvery). */
  stalls: number;
  garbage: number;
  partialExpired: number;
  receipts: ReceiptStats;
}

const SYSTEM_ID = 'OpenSMSC-sim';

/** The simulated SMSC; `log` and `stats` are there for tests to inspect. */
export class SmscSimulator {
  readonly #options: ResolvedSimulatorOptions;
  readonly #server: Server;
  readonly #now: () => number;
  readonly #reassembler: Reassembler<PartTag>;
  readonly #receipts: ReceiptRouter;
  readonly #pickOutcome: (destination: string) => Behaviour;
  readonly #throttleRandom: () => number;
  readonly #garbageRandom: () => number;
  readonly #sessions = new Set<SessionContext>();
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #log: MessageLog;
  #nextId: number;
  readonly #counts = { binds: 0, bindFailures: 0, submits: 0, messages: 0, duplicates: 0, throttled: 0, queueFull: 0, rejected: 0, malformed: 0, disconnects: 0, stalls: 0, garbage: 0 };
  readonly #handlers: Record<string, (context: SessionContext, pdu: Pdu) => void> = {
    bind_transceiver: (context, pdu) => this.#bind(context, pdu, 'transceiver'),
    bind_transmitter: (context, pdu) => this.#bind(context, pdu, 'transmitter'),
    bind_receiver: (context, pdu) => this.#bind(context, pdu, 'receiver'),
    submit_sm: (context, pdu) => this.#submit(context, pdu),
    enquire_link: (context, pdu) => {
      if (!this.#options.ignoreEnquireLink) context.session.send(pdu.response());
    },
    unbind: (context, pdu) => this.#unbind(context, pdu),
  };

  constructor(options: SmscSimulatorOptions = {}) {
    this.#options = { ...DEFAULT_SIMULATOR_OPTIONS, ...options };
    this.#now = options.now ?? Date.now;
    this.#nextId = options.firstMessageId ?? this.#now();
    this.#reassembler = new Reassembler(options.reassembly);
    this.#receipts = new ReceiptRouter(this.#options.maxHeldReceipts);
    this.#log = new MessageLog(this.#options.logLimit);
    this.#pickOutcome = outcomePicker(this.#options.outcomeMix, seededRandom(this.#options.seed));
    this.#throttleRandom = seededRandom(this.#options.seed + 1);
    this.#garbageRandom = seededRandom(this.#options.seed + 2);
    this.#server = createSmppServer((session) => this.#open(session));
    this.#server.maxConnections = this.#options.maxSessions;
  }

  /** Starts listening; resolves with the port (useful with port 0). */
  listen(port: number, host = '127.0.0.1'): Promise<number> {
    return new Promise((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(port, host, () => {
        this.#server.off('error', reject);
        const address = this.#server.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    });
  }

  /** Drops every session, cancels pending answers and receipts, and stops listening. */
  close(): Promise<void> {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.#receipts.close();
    for (const context of this.#sessions) context.session.destroy();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }

  /** The complete messages received, oldest first, at most `logLimit` of them. */
  get log(): readonly ReceivedMessage[] {
    return this.#log.entries;
  }

  get stats(): SimulatorStats {
    return { ...this.#counts, partialExpired: this.#reassembler.stats.expired, receipts: this.#receipts.stats };
  }

  #open(session: SmppSession): void {
    const context = openContext(session);
    this.#sessions.add(context);
    context.bindTimer = setTimeout(() => context.state.phase === 'open' && session.destroy(), this.#options.bindTimeoutMs);
    // A framing error (a PDU over MAX_PDU_OCTETS, a malformed body) leaves the package's reader stuck: drop the peer.
    session.on('error', () => session.destroy());
    session.on('close', () => {
      context.state = { phase: 'closed' };
      clearTimeout(context.bindTimer);
      this.#sessions.delete(context);
      this.#receipts.removeReceiver(session);
    });
    session.on('pdu', (pdu) => {
      if (pdu.isResponse()) return;
      const handler = this.#handlers[pdu.command];
      if (handler) handler(context, pdu);
      // SMPP 3.4 §4.3: generic_nack answers a command this SMSC does not support.
      else session.send(pdu.response({ command_status: CommandStatus.ESME_RINVCMDID }));
    });
  }

  #bind(context: SessionContext, pdu: Pdu, mode: BindMode): void {
    const { session } = context;
    if (context.state.phase !== 'open') {
      session.send(pdu.response({ command_status: CommandStatus.ESME_RALYBND }));
      return;
    }
    const systemId = pdu.system_id ?? '';
    const credentials = this.#options.credentials;
    if (credentials && (!Object.hasOwn(credentials, systemId) || credentials[systemId] !== pdu.password)) {
      this.#counts.bindFailures += 1;
      session.send(pdu.response({ command_status: CommandStatus.ESME_RBINDFAIL }));
      session.close();
      return;
    }
    clearTimeout(context.bindTimer);
    context.state = { phase: 'bound', mode, systemId };
    this.#counts.binds += 1;
    session.send(pdu.response({ system_id: SYSTEM_ID }));
    if (mode !== 'transmitter') this.#receipts.addReceiver(systemId, session);
  }

  #unbind(context: SessionContext, pdu: Pdu): void {
    context.session.send(pdu.response());
    context.session.close();
  }

  #submit(context: SessionContext, pdu: Pdu): void {
    const { session, state } = context;
    // SMPP 3.4 §2.2: only a transmitter or transceiver may submit.
    if (state.phase !== 'bound' || state.mode === 'receiver') return void session.send(pdu.response({ command_status: CommandStatus.ESME_RINVBNDSTS }));
    if (context.unanswered >= this.#options.window) {
      this.#counts.queueFull += 1;
      return void session.send(pdu.response({ command_status: CommandStatus.ESME_RMSGQFUL }));
    }
    if (throttles(context, this.#now(), this.#options.throttle, this.#throttleRandom)) {
      this.#counts.throttled += 1;
      return void session.send(pdu.response({ command_status: CommandStatus.ESME_RTHROTTLED }));
    }
    this.#counts.submits += 1;
    context.submits += 1;
    const response = this.#take(state.systemId, pdu);
    if (this.#injectFaults(context) === 'disconnected') return;
    this.#answer(context, response);
  }

  /** The faults due after the session's latest submit: a disconnect, a stall, a piece of garbage. */
  #injectFaults(context: SessionContext): 'disconnected' | undefined {
    const { disconnectEvery, stallEvery, garbageEvery, garbageKind = 'random-bytes' } = this.#options;
    const due = (every: number | undefined) => Boolean(every) && context.submits % (every as number) === 0;
    if (due(disconnectEvery)) {
      this.#counts.disconnects += 1;
      context.session.destroy();
      return 'disconnected';
    }
    if (due(stallEvery) && !context.stalled) this.#stall(context);
    if (due(garbageEvery)) {
      this.#counts.garbage += 1;
      context.session.socket.write(garbageBytes(garbageKind, this.#garbageRandom));
    }
    return undefined;
  }

  /** Holds every submit_sm_resp of the session for stallMs, then sends them all, late. */
  #stall(context: SessionContext): void {
    const held: Pdu[] = [];
    context.stalled = held;
    this.#counts.stalls += 1;
    this.#after(this.#options.stallMs ?? 0, () => {
      context.stalled = undefined;
      context.unanswered -= held.length;
      if (context.state.phase !== 'closed') for (const response of held) context.session.send(response);
    });
  }

  /** Takes one part; the response to send for it. */
  #take(systemId: string, pdu: Pdu): Pdu {
    const destination = pdu.destination_addr ?? '';
    const known = testBehaviour(destination);
    if (known && known !== 'silent' && 'rejectAtSubmit' in known) {
      this.#counts.rejected += 1;
      return pdu.response({ command_status: rejectionStatus(known.rejectAtSubmit) });
    }
    const now = this.#now();
    const id = this.#nextId++;
    const part = {
      source: pdu.source_addr ?? '',
      destination,
      dataCoding: pdu.data_coding ?? 0,
      shortMessage: pdu.short_message ?? Buffer.alloc(0),
      esmClass: pdu.esm_class ?? 0,
      tlvs: {
        message_payload: pdu.message_payload,
        sar_msg_ref_num: pdu.sar_msg_ref_num,
        sar_total_segments: pdu.sar_total_segments,
        sar_segment_seqnum: pdu.sar_segment_seqnum,
      },
    };
    const fed = this.#reassembler.feed(part, { id, registeredDelivery: pdu.registered_delivery ?? 0, submittedAt: now }, now);
    if (fed.err) {
      if (fed.err.code === 'full') return pdu.response({ command_status: CommandStatus.ESME_RMSGQFUL });
      this.#counts.malformed += 1;
      return pdu.response({ command_status: CommandStatus.ESME_RSUBMITFAIL });
    }
    if ('complete' in fed) this.#accept(systemId, fed.complete, pdu.user_message_reference);
    return pdu.response({ message_id: formatSimulatorId(id, this.#options.messageIdFormat) });
  }

  /** Sends `response` after the submit latency (or the stall), counting it against the session's window until then. */
  #answer(context: SessionContext, response: Pdu): void {
    if (context.stalled) {
      context.unanswered += 1;
      return void context.stalled.push(response);
    }
    if (this.#options.submitLatencyMs === 0) return void context.session.send(response);
    context.unanswered += 1;
    this.#after(this.#options.submitLatencyMs, () => {
      context.unanswered -= 1;
      if (context.state.phase !== 'closed') context.session.send(response);
    });
  }

  #accept(systemId: string, message: ReassembledMessage<PartTag>, userReference: number | undefined): void {
    this.#counts.messages += 1;
    const messageIds = message.tags.map((tag) => formatSimulatorId(tag.id, this.#options.messageIdFormat));
    const { source, destination, dataCoding, text } = message;
    const logged = { systemId, source, destination, dataCoding, text, parts: message.tags.length, messageIds };
    if (this.#log.record(logged, message.reference ?? userReference).duplicate) this.#counts.duplicates += 1;
    const behaviour = this.#pickOutcome(destination);
    if (behaviour === 'silent' || !('receipt' in behaviour)) return;
    const final = behaviour.receipt;
    const wanted = partsWantingReceipts(message.tags, final);
    if (wanted.length === 0) return;
    const send = () => {
      for (const receipt of receiptPdus(message, wanted, final, this.#options, new Date(this.#now()))) this.#receipts.deliver(systemId, receipt);
    };
    // Sent from inside the last part's submit handling, so they go out before its submit_sm_resp.
    if (this.#options.receiptBeforeResponse) send();
    else this.#after(this.#options.receiptDelayMs, send);
  }

  #after(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      run();
    }, ms);
    this.#timers.add(timer);
  }
}
