// Message kinds and the SMSC format numbers they are stored and reported as (spec §14.1 table).
import type { MessageKind } from './types.ts';

const NUMBERS: Record<MessageKind, number> = { sms: 0, flash: 1, mail: 8 };

/** The SMSC format number of a kind: sms 0, flash 1, mail 8. */
export function kindNumber(kind: MessageKind): number {
  return NUMBERS[kind];
}

/** The kind stored as `n`; unknown numbers read as sms. */
export function kindOf(n: number): MessageKind {
  return n === 8 ? 'mail' : n === 1 ? 'flash' : 'sms';
}
