// What the SMPP simulator received: the inspectable log of complete messages, and which of them repeat an earlier one.

/** One complete message the simulator took, as the log keeps it. */
export interface ReceivedMessage {
  systemId: string;
  source: string;
  destination: string;
  dataCoding: number;
  text: string;
  parts: number;
  messageIds: string[];
  duplicate: boolean;
}

// Duplicate detection remembers this many recent messages: enough for a crash test's window, bounded for a long run.
const REMEMBERED_MESSAGES = 200_000;

/** The newest `limit` complete messages, oldest first, and a bounded memory of recent ones that tells duplicates. */
export class MessageLog {
  /** The logged messages, oldest first. */
  readonly entries: ReceivedMessage[] = [];
  readonly #limit: number;
  readonly #seen = new Set<string>();

  /** Keeps at most `limit` entries. */
  constructor(limit: number) {
    this.#limit = limit;
  }

  /** Logs one message; a duplicate has the destination, text and concatenation (or user) reference of a recent one. */
  record(message: Omit<ReceivedMessage, 'duplicate'>, reference: number | undefined): ReceivedMessage {
    const key = [message.destination, message.text, reference ?? ''].join('\u0000');
    const duplicate = this.#seen.has(key);
    if (!duplicate) this.#remember(key);
    const entry = { ...message, duplicate };
    this.entries.push(entry);
    if (this.entries.length > this.#limit) this.entries.shift();
    return entry;
  }

  #remember(key: string): void {
    this.#seen.add(key);
    if (this.#seen.size <= REMEMBERED_MESSAGES) return;
    const oldest = this.#seen.values().next().value;
    if (oldest !== undefined) this.#seen.delete(oldest);
  }
}
