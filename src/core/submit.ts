// Accepting a send: recipients normalised, looked up and priced by tariff, then rows and balance hold in one write.
import type { Config } from '../config.ts';
import type { Store } from '../store/database.ts';
import type { Account, NewMessage } from '../store/schema.ts';
import { submitOp } from '../store/messages.ts';
import { normalizeEmail, normalizePhone } from '../numbering/phones.ts';
import { countSegments } from '../text/segments.ts';
import { transliterate } from '../text/translit.ts';
import { fitToParts } from '../text/fit.ts';
import type { RecipientDetail, SendCommand, SendOutcome, SmscError } from '../wire/types.ts';
import { resolveSchedule } from './schedule.ts';
import { accountUtcOffsetMinutes } from './account-zone.ts';
import { kindNumber } from '../wire/kinds.ts';
import { DeliveryError, MessageStatus } from '../wire/statuses.ts';
import { EMPTY_INFO, type Language, type NumberInfo } from '../numbering/number-info.ts';
import type { NumberService } from './numbers.ts';
import { languageOf } from './accounts.ts';
import type { PriceList, Tariffs } from './tariffs.ts';

export interface SubmitDeps {
  store: Store;
  config: Config;
  /** Country, operator, region and MCC/MNC of each recipient, stored with its message. */
  numbers: Pick<NumberService, 'lookup'>;
  /** The account's prices by destination and type. */
  tariffs: Pick<Tariffs, 'priceListFor'>;
  now: () => number;
  /** Called after a commit that queued messages, to wake the dispatcher. */
  onQueued?: () => void;
}

/** Error 7 when no number is valid, error 8 when valid ones exist but none can be delivered (spec §3.2). */
function nothingToSend(p: Plan): 'invalidNumber' | 'cannotDeliver' {
  return p.rejected.some((r) => r.status === MessageStatus.Unavailable) ? 'cannotDeliver' : 'invalidNumber';
}

/** One accepted recipient with its own text (after transliteration and maxsms). */
interface Accepted {
  address: string;
  info: NumberInfo;
  text: string;
  parts: number;
  costMinor: number;
}

/** A recipient that will not be sent: stored with its final status, never charged. */
interface Rejected {
  address: string;
  info: NumberInfo;
  text: string;
  status: number;
  err: number;
}

/** What pricing a submission needs: the account's prices, its language, and whether it pays at all. */
interface Pricing {
  numbers: SubmitDeps['numbers'];
  prices: PriceList;
  language: Language;
  testMode: boolean;
  undeliverablePrefixes: readonly string[];
}

interface Plan {
  accepted: Accepted[];
  /** Invalid addresses (status 22) and numbers that cannot be delivered (status 25). */
  rejected: Rejected[];
}

// Spec §3.1: up to 11 Latin letters, digits, '.', '-', '_', or up to 15 digits; '' or '.' = no sender.
const ALPHA_SENDER = /^[A-Za-z0-9._-]{1,11}$/;
const NUMERIC_SENDER = /^[0-9]{1,15}$/;

/** The sender to use, or undefined when the requested one is not allowed (error 6); an e-mail's is its From address. */
function resolveSender(requested: string | undefined, fallback: string, kind: SendCommand['kind']): string | undefined {
  if (requested === undefined) return kind === 'mail' ? '' : fallback;
  if (requested === '' || requested === '.') return '';
  if (kind === 'mail') {
    const from = normalizeEmail(requested);
    return 'address' in from ? from.address : undefined;
  }
  return ALPHA_SENDER.test(requested) || NUMERIC_SENDER.test(requested) ? requested : undefined;
}

function plan(command: SendCommand, pricing: Pricing): Plan {
  const accepted: Accepted[] = [];
  const rejected: Rejected[] = [];
  const mail = command.kind === 'mail';
  for (const batch of command.batches) {
    let text = !mail && command.translit !== 0 ? transliterate(batch.text, command.translit) : batch.text;
    if (!mail && command.maxParts !== undefined) text = fitToParts(text, command.maxParts);
    const parts = mail ? 1 : countSegments(text).parts;
    for (const raw of batch.addresses) {
      const normalized = mail ? normalizeEmail(raw) : normalizePhone(raw);
      if ('invalid' in normalized) {
        rejected.push({ address: raw, info: EMPTY_INFO, text, status: MessageStatus.InvalidNumber, err: DeliveryError.InvalidNumberFormat });
        continue;
      }
      const { address } = normalized;
      const info = mail ? EMPTY_INFO : pricing.numbers.lookup(address, pricing.language);
      // A price per SMS segment (per e-mail); no rule for the destination means no route to it (docs/tariffs.md).
      const unitPrice = pricing.prices.priceOf({ type: command.kind, country: info.country, mccmnc: info.mccmnc });
      if (unitPrice === undefined || (!mail && pricing.undeliverablePrefixes.some((prefix) => address.startsWith(prefix)))) {
        rejected.push({ address, info, text, status: MessageStatus.Unavailable, err: DeliveryError.NoRoute });
      } else {
        accepted.push({ address, info, text, parts, costMinor: pricing.testMode ? 0 : unitPrice * parts });
      }
    }
  }
  return { accepted, rejected };
}

function details(p: Plan): RecipientDetail[] {
  return [
    ...p.accepted.map((r) => ({ address: r.address, mccmnc: r.info.mccmnc, costMinor: r.costMinor })),
    ...p.rejected.map(({ address, info, status, err }) => ({ address, mccmnc: info.mccmnc, costMinor: 0, status, err })),
  ];
}

function totals(p: Plan): { parts: number; costMinor: number } {
  return p.accepted.reduce((t, r) => ({ parts: t.parts + r.parts, costMinor: t.costMinor + r.costMinor }), { parts: 0, costMinor: 0 });
}

/** Accepts a send.php command for `account` (or prices it, for cost=1). Answers only after the commit. */
export async function submitMessages(deps: SubmitDeps, account: Account, command: SendCommand): Promise<SendOutcome | SmscError> {
  const { store, config } = deps;
  const now = deps.now();
  const testMode = account.test_mode === 1;
  const p = plan(command, {
    numbers: deps.numbers,
    prices: await deps.tariffs.priceListFor(account),
    language: languageOf(account),
    testMode,
    undeliverablePrefixes: config.undeliverablePrefixes,
  });
  const sender = resolveSender(command.sender, config.defaultSender, command.kind);
  const { parts, costMinor } = totals(p);

  if (command.costMode === 1) {
    if (sender === undefined) return { error: 'messageDenied' };
    if (p.accepted.length === 0) return { error: nothingToSend(p) };
    return { id: '', parts, costMinor, balanceMinor: account.balance_minor, details: details(p) };
  }

  const offsetMinutes = accountUtcOffsetMinutes(config, account, command.tzOffsetHours);
  const dueAt = Math.max(now, resolveSchedule(command.schedule, now, offsetMinutes));
  const expiresAt = dueAt + (command.validityMinutes ?? config.defaultValidityHours * 60) * 60_000;

  // Refused before any charge (spec §3.3): only the id is taken, since errors 6, 7 and 8 report it.
  const refused = sender === undefined || p.accepted.length === 0;
  // Every row is one literal with the same keys in the same order: cheaper to build than spreads, and one shape.
  const row = (address: string, info: NumberInfo, text: string, smsCnt: number, costMinor: number, status: number, err: number): NewMessage => ({
    account_id: account.id, msg_id: '', kind: kindNumber(command.kind), channel: command.kind === 'mail' ? 8 : 0, sender: sender ?? '',
    subject: command.subject, created_at: now, status_at: now, due_at: dueAt, expires_at: expiresAt, test: testMode ? 1 : 0,
    // The country by name, in the account's language: history shows names.
    mccmnc: info.mccmnc, country: info.countryName, operator: info.operator, region: info.region,
    phone: address, body: text, sms_cnt: smsCnt, cost_minor: costMinor, status, err,
  });
  const rows: NewMessage[] = refused ? [] : [
    // Test mode is virtual sending: final at once, status 1 with err 200 (spec §12.1).
    ...p.accepted.map((r) => testMode
      ? row(r.address, r.info, r.text, r.parts, r.costMinor, MessageStatus.Delivered, DeliveryError.VirtualSending)
      : row(r.address, r.info, r.text, r.parts, r.costMinor, MessageStatus.Waiting, DeliveryError.None)),
    // A rejected address is whatever the client typed: cap what is stored of it.
    ...p.rejected.map((r) => row(r.address.slice(0, 64), r.info, r.text, 0, 0, r.status, r.err)),
  ];
  const stored = await store.write(submitOp, { accountId: account.id, clientId: command.clientId, refused, costMinor, charged: p.accepted.length, now, rows });
  const outcome: SendOutcome | SmscError =
    'refused' in stored ? { error: sender === undefined ? 'messageDenied' : nothingToSend(p), id: stored.msgId }
    : 'noMoney' in stored ? { error: 'noMoney', id: stored.msgId }
    : { id: stored.msgId, parts, costMinor, balanceMinor: stored.balanceMinor, details: details(p) };
  if (!('error' in outcome) && !testMode) deps.onQueued?.();
  return outcome;
}
