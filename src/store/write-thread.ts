// The write thread: a worker with its own SQLite connection that runs the gateway's write ops in group commits.
//
// better-sqlite3 executes and fsyncs synchronously. On the gateway's thread, that time (a third of a send's cost,
// more with receipts: bench/README.md) is time no socket is served. Here it runs beside the event loop instead, on
// the second core. The gateway's thread keeps its own connection for reads: WAL lets them run while this one writes.
import { parentPort, workerData } from 'node:worker_threads';
import { openSqlite } from './database.ts';
import { WRITE_OPS } from './write-ops.ts';
import type { WriteCall, WriteReply, WriteThreadData } from './write-thread-protocol.ts';

const port = parentPort;
if (!port) throw new Error('src/store/write-thread.ts runs only as a worker (src/store/write-thread-client.ts)');

const { path, options } = workerData as WriteThreadData;
const store = openSqlite(path, options);
let replies: WriteReply[] = [];

/** Sends the replies gathered so far in one message, on the next turn: a group's answers travel together. */
function reply(answer: WriteReply): void {
  if (replies.length === 0) setImmediate(flush);
  replies.push(answer);
}

function flush(): void {
  if (replies.length === 0) return;
  port!.postMessage(replies);
  replies = [];
}

function run({ id, op: name, args }: WriteCall): void {
  const op = WRITE_OPS.get(name);
  if (!op) return reply({ id, error: { message: `unknown write op ${name}` } });
  store.write(op, args).then(
    (value) => reply({ id, value }),
    (error: unknown) => {
      const { message, code } = error instanceof Error ? (error as Error & { code?: unknown }) : { message: String(error), code: undefined };
      reply({ id, error: { message, ...(typeof code === 'string' ? { code } : {}) } });
    },
  );
}

port.on('message', (message: WriteCall[] | 'close') => {
  if (message !== 'close') return message.forEach(run);
  // Queued writes finish first; the gateway's thread waits for this thread to exit.
  void store.close().then(() => {
    flush();
    port.close();
  });
});
