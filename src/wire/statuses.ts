// Message status and err codes by name (spec §4.3, §4.4), their English names, and which statuses are final.

/** Message status codes (spec §4.3). */
export const MessageStatus = {
  Waiting: -1,
  Transferred: 0,
  Delivered: 1,
  Read: 2,
  Expired: 3,
  LinkClicked: 4,
  Undeliverable: 20,
  InvalidNumber: 22,
  Prohibited: 23,
  InsufficientFunds: 24,
  Unavailable: 25,
} as const;

/** Delivery error codes carried in `err`: the whole table of spec §4.4. */
export const DeliveryError = {
  None: 0,
  SubscriberMissing: 1,
  SubscriberOffline: 6,
  ServiceNotConnected: 11,
  HandsetError: 12,
  SubscriberBlocked: 13,
  ServiceUnsupported: 21,
  VirtualSending: 200,
  SimReplaced: 219,
  QueueOverflowed: 220,
  NoAnswer: 237,
  NoTemplate: 238,
  ForbiddenSenderIp: 239,
  SubscriberBusy: 240,
  /** Conversion error, or not all parts of a long message were submitted. */
  PartsNotSubmitted: 241,
  AnsweringMachine: 242,
  NoContract: 243,
  MailingProhibited: 244,
  StatusNotReceived: 245,
  TimeRestriction: 246,
  MessageLimitExceeded: 247,
  NoRoute: 248,
  InvalidNumberFormat: 249,
  NumberForbiddenBySettings: 250,
  PerNumberLimitExceeded: 251,
  NumberForbidden: 252,
  SpamFilter: 253,
  UnregisteredSender: 254,
  /** Rejected by the operator without a specific code. */
  Rejected: 255,
} as const;

const ERR_CODES: ReadonlySet<number> = new Set(Object.values(DeliveryError));

/** True when `err` is one of the SMSC API's err codes (spec §4.4). */
export function isSmscErrCode(err: number): boolean {
  return ERR_CODES.has(err);
}

const FINAL: ReadonlySet<number> = new Set([
  MessageStatus.Delivered,
  MessageStatus.Read,
  MessageStatus.Expired,
  MessageStatus.LinkClicked,
  MessageStatus.Undeliverable,
  MessageStatus.InvalidNumber,
  MessageStatus.Prohibited,
  MessageStatus.InsufficientFunds,
  MessageStatus.Unavailable,
]);

// Read and link-clicked imply the message was delivered, so they keep the charge like Delivered.
const CHARGED: ReadonlySet<number> = new Set([MessageStatus.Delivered, MessageStatus.Read, MessageStatus.LinkClicked]);

/** True when no later status can follow `status` (spec §4.3 "Final statuses"). */
export function isFinal(status: number): boolean {
  return FINAL.has(status);
}

/** True when a message that ends in `status` gets its held cost back: every final status but 1, 2 and 4. */
export function isRefunded(status: number): boolean {
  return FINAL.has(status) && !CHARGED.has(status);
}

/** The English name of each status code (docs/compatibility.md "Statuses"). */
export const STATUS_NAMES: Record<number, string> = {
  [-3]: 'Message not found',
  [-2]: 'Stopped',
  [-1]: 'Waiting to be sent',
  0: 'Transferred to operator',
  1: 'Delivered',
  2: 'Read',
  3: 'Expired',
  4: 'Link clicked',
  20: 'Impossible to deliver',
  22: 'Invalid number',
  23: 'Prohibited',
  24: 'Insufficient funds',
  25: 'Unavailable number',
};

/** The name of `status`; empty for a code outside the table, since a name is never made up. */
export function statusName(status: number): string {
  return STATUS_NAMES[status] ?? '';
}
