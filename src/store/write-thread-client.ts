// The gateway's side of the write thread: write ops sent there in batches, their results matched back to the callers.
import { Worker } from 'node:worker_threads';
import type { StoreOptions } from './database.ts';
import type { WriteOp } from './write-op.ts';
import type { WriteCall, WriteReply, WriteThreadData } from './write-thread-protocol.ts';

// From the bundle, the worker runs dist/write-thread.mjs beside dist/opensmsc.mjs (scripts/build.ts). From the
// sources, it registers tsx first, as bin/opensmsc.js does: on Node 20 a worker inherits neither `--import tsx`'s
// hooks nor those registered by the thread that starts it.
const FROM_SOURCES = import.meta.url.endsWith('.ts');
const ENTRY = FROM_SOURCES
  ? `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(new URL('./write-thread.ts', import.meta.url).href)}); });`
  : new URL('./write-thread.mjs', import.meta.url);

/** The write thread's heap: it holds a group of writes and their results, never the gateway's data. */
const WRITE_THREAD_HEAP_MB = 48;
const WRITE_THREAD_YOUNG_MB = 8;

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/** Runs write ops in a worker thread over its own connection to the SQLite file at `path`. */
export class WriteThread {
  readonly #data: WriteThreadData;
  readonly #pending = new Map<number, Pending>();
  /** The calls each thread was sent and has not answered: a thread that dies fails those, and only those. */
  readonly #sent = new Map<Worker, Set<number>>();
  #calls: WriteCall[] = [];
  #nextId = 1;
  #worker: Worker | undefined;
  #closing: Promise<void> | undefined;

  constructor(path: string, options: StoreOptions) {
    this.#data = { path, options };
    this.#worker = this.#start();
  }

  /** Runs `op` in the write thread; resolves with its result once its group has committed there. */
  call<A, R>(op: WriteOp<A, R>, args: A): Promise<R> {
    if (this.#closing) return Promise.reject(new Error('the store is closed'));
    const id = this.#nextId++;
    // The calls made before the next turn of the event loop travel in one message.
    if (this.#calls.length === 0) setImmediate(() => this.#flush());
    this.#calls.push({ id, op: op.name, args });
    return new Promise<R>((resolve, reject) => this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject }));
  }

  /** Lets the calls made so far finish, then stops the thread. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#flush();
      const worker = this.#worker;
      if (!worker) return;
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.postMessage('close');
      await exited;
    })();
    return this.#closing;
  }

  #flush(): void {
    if (this.#calls.length === 0) return;
    // A thread that died is replaced when there is work for it: a thread that cannot start fails its calls, and no more.
    this.#worker ??= this.#start();
    const sent = this.#sent.get(this.#worker)!;
    for (const call of this.#calls) sent.add(call.id);
    this.#worker.postMessage(this.#calls);
    this.#calls = [];
  }

  #start(): Worker {
    const worker = new Worker(ENTRY, {
      eval: FROM_SOURCES,
      workerData: this.#data,
      resourceLimits: { maxOldGenerationSizeMb: WRITE_THREAD_HEAP_MB, maxYoungGenerationSizeMb: WRITE_THREAD_YOUNG_MB },
    });
    let failure: Error | undefined;
    const sent = new Set<number>();
    this.#sent.set(worker, sent);
    worker.on('message', (replies: WriteReply[]) => {
      for (const { id, value, error } of replies) {
        const pending = this.#pending.get(id);
        this.#pending.delete(id);
        sent.delete(id);
        if (error) pending?.reject(Object.assign(new Error(error.message), error.code ? { code: error.code } : {}));
        else pending?.resolve(value);
      }
    });
    // An error thrown in the thread ends it; its calls then fail with it (below), as a failed write does.
    worker.on('error', (error) => (failure = error));
    worker.on('exit', () => {
      if (this.#worker === worker) this.#worker = undefined;
      this.#sent.delete(worker);
      const reason = new Error(`the write thread stopped${failure ? `: ${failure.message}` : ''}`);
      for (const id of sent) {
        this.#pending.get(id)?.reject(reason);
        this.#pending.delete(id);
      }
    });
    return worker;
  }
}
