// The typed contract between the SMSC wire and the domain: decoded commands in, outcomes out.
// Only wire/ knows SMSC parameter names; these types use the domain's own names.
// Credentials and fmt are read once per request by the API pipeline, before a script's own parameters.

/** Response format (`fmt`): 0 text, 1 comma-separated, 2 XML, 3 JSON. */
export type Fmt = 0 | 1 | 2 | 3;

/** Request and response charset (`charset`); windows-1251 is the SMSC default. */
export type Charset = 'windows-1251' | 'utf-8' | 'koi8-r';

/** Decoded request parameters by name; a repeated name keeps its last value (PHP semantics). */
export type Params = Map<string, string>;

/** What the client used to prove who it is (spec §2). */
export type Credentials =
  | { kind: 'password'; login: string; password: string }
  | { kind: 'apiKey'; apiKey: string };

/** Every error the API can answer with; core raises them by name (wire/errors.ts holds code and text). */
export type SmscErrorName =
  | 'parameters'
  | 'authorise'
  | 'noMoney'
  | 'recordNotFound'
  | 'operatorNotFound'
  | 'ipBlocked'
  | 'invalidTime'
  | 'deleteError'
  | 'messageDenied'
  | 'invalidNumber'
  | 'cannotDeliver'
  | 'duplicateRequest'
  | 'tooManyRequests'
  | 'tooManyConcurrent';

/** An API error, with the message id for the send errors that allocate one (spec §3.3). */
export interface SmscError {
  error: SmscErrorName;
  id?: string;
}

/** The kinds of message this gateway sends, by SMSC format number (spec §14.1). */
export type MessageKind = 'sms' | 'flash' | 'mail';

/** When to send, as written in `time` (spec §3.1); resolved to a time by core with the clock and `tz`. */
export type ScheduleSpec =
  | { kind: 'now' }
  /** `DDMMYYhhmm` or `DD.MM.YY hh:mm`, wall-clock time in the request's zone. */
  | { kind: 'local'; year: number; month: number; day: number; hour: number; minute: number }
  /** `h1-h2`: before h1 wait until h1, inside send now, after h2 send next day at h1. */
  | { kind: 'window'; fromHour: number; toHour: number }
  /** `0<unix seconds>`. */
  | { kind: 'unix'; seconds: number }
  /** `+m`: m minutes from now. */
  | { kind: 'relative'; minutes: number };

/** One group of recipients sharing one text (`phones`+`mes`, or one line of `list`). */
export interface RecipientBatch {
  /** Addresses as the client wrote them (phones or e-mails), split but not normalised. */
  addresses: string[];
  text: string;
}

/** A decoded send.php request. */
export interface SendCommand {
  batches: RecipientBatch[];
  /** The client's `id`, when given (an integer 1..2147483647 or a string of up to 40 [A-Za-z0-9._-]). */
  clientId?: string;
  /** undefined = account default; '' = no sender. */
  sender?: string;
  subject: string;
  kind: MessageKind;
  /** 0 none, 1 translit, 2 look-alike glyphs. */
  translit: 0 | 1 | 2;
  schedule: ScheduleSpec;
  /** `tz`: hours relative to Moscow; undefined = the account's setting. */
  tzOffsetHours?: number;
  /** `valid`: lifetime in minutes; undefined = the configured default. */
  validityMinutes?: number;
  /** `maxsms`: the most parts one message may have. */
  maxParts?: number;
  /** 0 send, 1 price only, 2 send + cost, 3 send + cost + balance. */
  costMode: 0 | 1 | 2 | 3;
  /** `err=1` lists failed recipients, `op=1` lists all. */
  details: 'none' | 'errors' | 'all';
}

/** One recipient's line in the err=1/op=1 details (spec §3.6). */
export interface RecipientDetail {
  address: string;
  mccmnc: string;
  costMinor: number;
  /** Set for a recipient that failed: a status code (§4.3) and an err code (§4.4). */
  status?: number;
  err?: number;
}

/** What an accepted send (or a cost=1 query) answers with. */
export interface SendOutcome {
  /** The message id (client's or assigned); rendered as a JSON number when it is an integer. */
  id: string;
  /** Parts across all accepted recipients (`cnt`). */
  parts: number;
  costMinor: number;
  /** Balance after the send, for cost=3. */
  balanceMinor: number;
  details: RecipientDetail[];
}

/** A decoded status.php request. */
export interface StatusCommand {
  /** Pairs of (message id, address), in request order. */
  lookups: Array<{ id: string; address: string }>;
  /** True for a list (or a trailing comma): the multi-record format (spec §4.1). */
  multi: boolean;
  /** 0 short, 1 full, 2 full + country/operator/region. */
  detail: 0 | 1 | 2;
  /** del=1: delete the (still queued) message instead of reporting it. */
  delete: boolean;
}

/** One message as status.php reports it; `found: false` renders status -3. */
export type StatusRecord =
  | { found: false; id: string; address: string }
  | {
      found: true;
      id: string;
      /** The address as the client asked for it. */
      address: string;
      status: number;
      err: number;
      /** Unix ms of the last status change and of submission. */
      statusAt: number;
      sentAt: number;
      costMinor: number;
      sender: string;
      text: string;
      kind: MessageKind;
      parts: number;
      country: string;
      operator: string;
      region: string;
    };

/** A decoded balance.php request. */
export interface BalanceCommand {
  withCurrency: boolean;
}

export interface BalanceOutcome {
  balanceMinor: number;
  currency: string;
}

/** A calendar day as the client wrote it (`dd.mm.yyyy`), in the account's zone. */
export interface CalendarDay {
  year: number;
  month: number;
  day: number;
}

/** A decoded get.php?get_messages=1 request (seed-get-messages.txt). */
export interface HistoryCommand {
  /** First day included; undefined = no lower bound. */
  from?: CalendarDay;
  /** Last day included; undefined = up to now. */
  to?: CalendarDay;
  /** 'sms' (format=0, SMS and flash) or 'mail' (format=8). */
  channel: 'sms' | 'mail';
  /** Phone numbers (channel sms) or e-mail addresses (channel mail) to keep, as written; empty = all. */
  addresses: string[];
  /** How many records at most (1..1000). */
  limit: number;
  /** Only messages sent before the one with this int_id (keyset paging backwards). */
  beforeIntId?: number;
}

/** One history record: the 19 fields of the seed page, in domain names. */
export interface HistoryRecord {
  status: number;
  err: number;
  /** Unix ms of the last status change and of submission. */
  statusAt: number;
  sentAt: number;
  address: string;
  mccmnc: string;
  country: string;
  operator: string;
  region: string;
  costMinor: number;
  sender: string;
  text: string;
  kind: MessageKind;
  /** The client's (or assigned) message id. */
  id: string;
  /** The global message id. */
  intId: number;
  parts: number;
}

/** A decoded info.php?get_operator=1 request. */
export interface OperatorCommand {
  /** The numbers as written, in request order. */
  phones: string[];
  /** More than one number (or a trailing comma): answer with a list of records. */
  multi: boolean;
}

/** What is known of one number for info.php; each field '' when unknown. */
export interface OperatorRecord {
  phone: string;
  country: string;
  operator: string;
  region: string;
  mcc: string;
  mnc: string;
  /** Hours relative to Moscow, as `tz` is everywhere in the API; '' when the number spans several zones. */
  tz: string;
}
