// One canonical form for an SMSC's message ids, so submit_sm_resp ids and receipt ids compare equal.
import type { Result } from '../../result.ts';

/** How an SMSC writes its message ids (SmppConnectorConfig.idFormat). */
export type MessageIdFormat = 'hex' | 'decimal' | 'text';

/**
 * Longest id taken, in characters: SMPP 3.4 §5.2.23 allows 65 octets with the NUL, and a peer sending a
 * megabyte-long id in a receipt's text body cannot make us parse it as a BigInt.
 */
export const MAX_MESSAGE_ID_CHARS = 65;

const PATTERN = { hex: /^[0-9a-f]+$/, decimal: /^[0-9]+$/ } as const;

/**
 * The canonical id: 'hex' ids as lowercase hex and 'decimal' ids as decimal, both without leading zeros and
 * surrounding blanks; 'text' ids as they are. A numeric format's id that is not a number stays as written (trimmed),
 * so a peer that writes the same odd id in both places still matches. Fails on an empty or over-long id.
 */
export function normaliseMessageId(raw: string, format: MessageIdFormat): Result<{ id: string }> {
  if (raw.length > MAX_MESSAGE_ID_CHARS) return { err: new Error(`message id of ${raw.length} characters, at most ${MAX_MESSAGE_ID_CHARS}`) };
  const trimmed = raw.trim();
  if (trimmed === '') return { err: new Error('empty message id') };
  if (format === 'text') return { id: trimmed };
  const lower = trimmed.toLowerCase();
  if (!PATTERN[format].test(lower)) return { id: trimmed };
  const value = BigInt(format === 'hex' ? `0x${lower}` : lower);
  return { id: value.toString(format === 'hex' ? 16 : 10) };
}
