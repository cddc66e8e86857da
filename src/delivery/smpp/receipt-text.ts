// The text body of an SMPP delivery receipt: `id:… sub:… dlvrd:… submit date:… done date:… stat:… err:… text:…`.

/** Final message states as a receipt's `stat:` word spells them (SMPP 3.4 Appendix B, §5.2.28). */
export type ReceiptStat = 'DELIVRD' | 'EXPIRED' | 'DELETED' | 'UNDELIV' | 'ACCEPTD' | 'UNKNOWN' | 'REJECTD';

/** What a receipt body reports about one submitted message. */
export interface ReceiptBody {
  id: string;
  submitted: number;
  delivered: number;
  submitDate: Date;
  doneDate: Date;
  stat: ReceiptStat;
  err: number;
  /** The message text; the body carries its first 20 characters. */
  text: string;
}

const TEXT_CHARS = 20;

/** The Appendix B body, dates as UTC YYMMDDhhmm; non-ASCII text characters become '?' so it stays ASCII. */
export function formatReceiptText(body: ReceiptBody): string {
  const count = (n: number) => String(n).padStart(3, '0');
  const text = Array.from(body.text).slice(0, TEXT_CHARS).map((char) => (/^[\x20-\x7e]$/.test(char) ? char : '?')).join('');
  return (
    `id:${body.id} sub:${count(body.submitted)} dlvrd:${count(body.delivered)} ` +
    `submit date:${smppDate(body.submitDate)} done date:${smppDate(body.doneDate)} ` +
    `stat:${body.stat} err:${count(body.err)} text:${text}`
  );
}

function smppDate(date: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return (
    two(date.getUTCFullYear() % 100) + two(date.getUTCMonth() + 1) + two(date.getUTCDate()) +
    two(date.getUTCHours()) + two(date.getUTCMinutes())
  );
}
