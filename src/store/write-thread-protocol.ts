// What the gateway's thread and the write thread say to each other: calls of write ops by name, and their results.
import type { StoreOptions } from './database.ts';

/** What the write thread is started with: the SQLite file and how to open it. */
export interface WriteThreadData {
  path: string;
  options: StoreOptions;
}

/** One write op to run: `args` is plain data, structured-cloned across. */
export interface WriteCall {
  id: number;
  op: string;
  args: unknown;
}

/** A call's result, or the message and SQLite code of its error. */
export interface WriteReply {
  id: number;
  value?: unknown;
  error?: { message: string; code?: string };
}
