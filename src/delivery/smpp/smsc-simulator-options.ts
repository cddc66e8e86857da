// The SMPP simulator's settings: defaults, and reading them from a JSON config file's object.
import type { Result } from '../../result.ts';
import { GARBAGE_KINDS, type GarbageKind } from './sim-garbage.ts';
import type { ReassemblerLimits } from './reassembly.ts';
import type { OutcomeMix } from './sim-outcome.ts';

/** How the simulated SMSC behaves; every field has a default (DEFAULT_SIMULATOR_OPTIONS). */
export interface SmscSimulatorOptions {
  /** system_id → password; undefined accepts any credentials. */
  credentials?: Record<string, string>;
  /** Delay before each submit_sm_resp. */
  submitLatencyMs?: number;
  /** Delay from a complete message to its receipts. */
  receiptDelayMs?: number;
  /** Outcome weights for addresses that are not test numbers. */
  outcomeMix?: OutcomeMix;
  /** Seed of the outcome and throttling draws. */
  seed?: number;
  /** ESME_RTHROTTLED for this fraction of submits, and for submits beyond perSecond in one second of a session. */
  throttle?: { fraction?: number; perSecond?: number };
  /** Drop the connection right after taking every Nth submit of a session, without answering it. */
  disconnectEvery?: number;
  /** After taking every Nth submit of a session, stop answering its submits for stallMs, then answer them late. */
  stallEvery?: number;
  /** How long a stall holds the session's submit_sm_resp (default 0: no stall). */
  stallMs?: number;
  /** After taking every Nth submit of a session, write one piece of garbageKind garbage before its answer. */
  garbageEvery?: number;
  /** Random octets, a command_length under the header's 16, or an unknown command_id (default random-bytes). */
  garbageKind?: GarbageKind;
  /** Unanswered submits a session may have before ESME_RMSGQFUL. */
  window?: number;
  /** How message ids look in submit_sm_resp and receipted_message_id. */
  messageIdFormat?: 'hex' | 'decimal';
  /** How the id looks in the receipt text; some SMSCs answer hex and report decimal. Default: messageIdFormat. */
  receiptTextIdFormat?: 'hex' | 'decimal';
  /** Zero-pad ids in receipts (TLV and text) to this many digits, as SMSCs with fixed-width ids write them. */
  receiptIdDigits?: number;
  /** Send receipts with the text body only, without the receipted_message_id and message_state TLVs (pre-3.4 SMSCs). */
  receiptTextOnly?: boolean;
  /** Send a message's receipts at once, before its last part's submit_sm_resp, as some SMSCs do under load. */
  receiptBeforeResponse?: boolean;
  /** Leave enquire_link unanswered, like an SMSC that hangs with its socket open. */
  ignoreEnquireLink?: boolean;
  /** The first message id; default the start time in ms, so ids do not repeat across restarts. */
  firstMessageId?: number;
  /** Received messages kept in the inspectable log, newest last. */
  logLimit?: number;
  /** Sessions at once: a peer opening connections in a loop cannot exhaust file descriptors. */
  maxSessions?: number;
  /** Time a connection has to bind: a peer that connects and stays silent cannot hold a session. */
  bindTimeoutMs?: number;
  /** Receipts held for system_ids with no receiver bound. */
  maxHeldReceipts?: number;
  reassembly?: Partial<ReassemblerLimits>;
  /** The clock, in ms; injected by tests. */
  now?: () => number;
}

type Defaulted =
  | 'submitLatencyMs' | 'receiptDelayMs' | 'outcomeMix' | 'seed' | 'window' | 'messageIdFormat'
  | 'logLimit' | 'maxSessions' | 'bindTimeoutMs' | 'maxHeldReceipts';

/** Options with every default filled in. */
export type ResolvedSimulatorOptions = SmscSimulatorOptions & Required<Pick<SmscSimulatorOptions, Defaulted>>;

/** Defaults: fast answers, all delivered, no throttling or disconnects. */
export const DEFAULT_SIMULATOR_OPTIONS: Required<Pick<SmscSimulatorOptions, Defaulted>> = {
  submitLatencyMs: 0,
  receiptDelayMs: 100,
  outcomeMix: { delivered: 1, undeliverable: 0, expired: 0 },
  seed: 1,
  window: 1000,
  messageIdFormat: 'hex',
  logLimit: 10_000,
  maxSessions: 1000,
  bindTimeoutMs: 10_000,
  maxHeldReceipts: 100_000,
};

const NUMBERS = [
  'submitLatencyMs', 'receiptDelayMs', 'seed', 'disconnectEvery', 'stallEvery', 'stallMs', 'garbageEvery', 'window',
  'firstMessageId', 'receiptIdDigits', 'logLimit', 'maxSessions', 'bindTimeoutMs', 'maxHeldReceipts',
] as const;

/** Checks a parsed JSON config object field by field; the error names the first bad field. */
export function parseSimulatorOptions(json: unknown): Result<{ options: SmscSimulatorOptions }> {
  if (!isObject(json)) return { err: new Error('the config must be a JSON object') };
  for (const key of NUMBERS) {
    const value = json[key];
    if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value) && value >= 0)) {
      return { err: new Error(`${key} must be a number ≥ 0`) };
    }
  }
  for (const key of ['messageIdFormat', 'receiptTextIdFormat'] as const) {
    if (json[key] !== undefined && json[key] !== 'hex' && json[key] !== 'decimal') return { err: new Error(`${key} must be "hex" or "decimal"`) };
  }
  if (json.garbageKind !== undefined && !GARBAGE_KINDS.includes(json.garbageKind as GarbageKind)) {
    return { err: new Error(`garbageKind must be one of ${GARBAGE_KINDS.join(', ')}`) };
  }
  for (const key of ['receiptTextOnly', 'receiptBeforeResponse', 'ignoreEnquireLink'] as const) {
    if (json[key] !== undefined && typeof json[key] !== 'boolean') return { err: new Error(`${key} must be true or false`) };
  }
  if (json.credentials !== undefined && !(isObject(json.credentials) && Object.values(json.credentials).every((p) => typeof p === 'string'))) {
    return { err: new Error('credentials must map each system_id to a password string') };
  }
  for (const key of ['outcomeMix', 'throttle', 'reassembly'] as const) {
    const value = json[key];
    if (value !== undefined && !(isObject(value) && Object.values(value).every((n) => typeof n === 'number' && n >= 0))) {
      return { err: new Error(`${key} must be an object of numbers ≥ 0`) };
    }
  }
  return { options: json as SmscSimulatorOptions };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
