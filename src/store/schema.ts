// The database schema as kysely types: one definition shared by SQLite and PostgreSQL.
import type { Generated, Insertable, Selectable } from 'kysely';

/** All times are Unix milliseconds; money is integer minor units (kopecks). */
export interface AccountsTable {
  id: Generated<number>;
  login: string;
  /** scrypt of the lowercase md5 hex of the password (so psw may be plain or md5). */
  password_hash: string;
  balance_minor: Generated<number>;
  currency: string;
  /** 1 = virtual sending: status 1, err 200, nothing charged (spec §12.1). */
  test_mode: Generated<number>;
  /** Comma-separated IPs or CIDRs allowed to use the account; empty = any (spec §2). */
  allowed_ips: Generated<string>;
  /** The account's `tz`: hours relative to Moscow (spec §3.1). */
  tz_offset_hours: Generated<number>;
  /** Next server-assigned message id, when the client sends none. */
  next_msg_id: Generated<number>;
  created_at: number;
  /** Language of country, operator and region names: 'ru' or 'en'. */
  language: Generated<string>;
  /** The tariff plan that prices the account's messages; null = the configured flat prices. */
  tariff_plan_id: number | null;
}

export interface ApiKeysTable {
  id: Generated<number>;
  account_id: number;
  /** sha256 hex of the key; the key itself is shown once, at creation. */
  key_hash: string;
  /** The first characters of the key, to tell keys apart in listings. */
  prefix: string;
  created_at: number;
  revoked_at: number | null;
}

/** One row per recipient; rows of one submission share account_id and msg_id. */
export interface MessagesTable {
  /** The global message id (SMSC `int_id`), unique across the system. */
  int_id: Generated<number>;
  account_id: number;
  /** The client's `id` (or the server-assigned one) as text: an integer or a string up to 40 chars. */
  msg_id: string;
  /** Normalised phone number (digits) or e-mail address. */
  phone: string;
  /** SMSC message format number: 0 sms, 1 flash, 8 mail (spec §14.1 table). */
  kind: number;
  /** History format: 0 SMS (kinds 0 and 1), 8 e-mail (kind 8). */
  channel: Generated<number>;
  sender: string;
  subject: Generated<string>;
  body: string;
  sms_cnt: number;
  cost_minor: number;
  status: number;
  err: Generated<number>;
  /** 1 when sent in test mode (virtual sending). */
  test: Generated<number>;
  created_at: number;
  /** Time of the last status change (SMSC last_date). */
  status_at: number;
  /** Earliest time the dispatcher may hand the message over. */
  due_at: number;
  /** End of the message's validity; undelivered after this it expires (status 3). */
  expires_at: number;
  /** Until when a dispatcher owns the row; null when nobody does. */
  lease_until: number | null;
  attempts: Generated<number>;
  /** Name of the connector that took the message (or refused it at submit). */
  connector: string | null;
  /** The carrier's id of the message's first part, for display; receipts match message_parts. */
  carrier_id: string | null;
  mccmnc: Generated<string>;
  country: Generated<string>;
  operator: Generated<string>;
  region: Generated<string>;
}

/** Append-only record of every balance change; the balance equals the sum of entries. */
export interface LedgerTable {
  id: Generated<number>;
  account_id: number;
  kind: 'topup' | 'hold' | 'refund' | 'adjust';
  /** Signed: a hold is negative, a top-up or refund positive. */
  amount_minor: number;
  /** The message a refund gives back; null for entries that are not about one message. */
  int_id: number | null;
  /** The submission (send.php id) a hold pays for; null otherwise. */
  msg_id: string | null;
  /** Messages paid for: a hold counts its charged recipients, a refund -1, others 0 (get_stat's cnt). */
  messages: Generated<number>;
  created_at: number;
}

/** A named price list in one currency, assigned to accounts. */
export interface TariffPlansTable {
  id: Generated<number>;
  name: string;
  currency: string;
  created_at: number;
}

/** Price of one segment (one e-mail) of `type` to a country and/or operator; '' = any. */
export interface TariffRulesTable {
  id: Generated<number>;
  plan_id: number;
  /** ISO 3166-1 alpha-2, '' = any country. */
  country: Generated<string>;
  /** MCC followed by MNC, '' = any operator. */
  mccmnc: Generated<string>;
  /** Message type: sms, flash, mail, or a priced type the gateway does not send (viber, …). */
  type: string;
  price_minor: number;
}

/** A range of the Russian numbering registry, by full international numbers; overrides packaged data. */
export interface NumberRangesTable {
  id: Generated<number>;
  first: string;
  last: string;
  operator: string;
  region: string;
  mccmnc: Generated<string>;
}

/** A number ported to another operator (MNP list); overrides ranges and packaged data. */
export interface PortedNumbersTable {
  phone: string;
  operator: string;
  mccmnc: string;
  ported_at: number | null;
}

/** One part a connector took, by the carrier's id; the message is final once every part has a status. */
export interface MessagePartsTable {
  connector: string;
  carrier_id: string;
  int_id: number;
  /** 1-based position in the message. */
  part: number;
  /** The part's final status and err from its receipt; null while it waits for one. */
  status: number | null;
  err: number | null;
  /** When its connector took it; null for parts taken before migration 0004. */
  transferred_at: number | null;
}

/** A receipt that matched no part when it arrived: held until its part is stored, and kept if it never is. */
export interface OrphanReceiptsTable {
  id: Generated<number>;
  connector: string;
  carrier_id: string;
  status: number;
  err: number;
  received_at: number;
}

export interface Database {
  accounts: AccountsTable;
  api_keys: ApiKeysTable;
  messages: MessagesTable;
  ledger: LedgerTable;
  message_parts: MessagePartsTable;
  orphan_receipts: OrphanReceiptsTable;
  tariff_plans: TariffPlansTable;
  tariff_rules: TariffRulesTable;
  number_ranges: NumberRangesTable;
  ported_numbers: PortedNumbersTable;
}

export type Account = Selectable<AccountsTable>;
export type Message = Selectable<MessagesTable>;
export type NewMessage = Insertable<MessagesTable>;
export type NewLedgerEntry = Insertable<LedgerTable>;
export type OrphanReceipt = Selectable<OrphanReceiptsTable>;
