// The dispatcher over SQLite lets sockets in between the commits of a burst: transfers of a batch, receipts of a read.
//
// better-sqlite3 commits synchronously, so a burst of writes committed with no loop turn between them holds HTTP and
// SMPP traffic back until the last (docs/faults.md, "Yielding to the event loop"). Writes share group commits of at
// most maxGroupWrites, with a loop turn before each group: the store here takes groups of GROUP, a tenth of the burst.
// The probe is an HTTP request over a real socket, sent the moment the burst arrives; the server reads it a few loop
// turns later, so it must see only some of the burst committed. This asserts an order, not a time.
// PostgreSQL is left out on purpose: its commits wait on the network, so the loop turns between them regardless.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Dispatcher } from '../../src/delivery/dispatcher.ts';
import { Router } from '../../src/delivery/router.ts';
import type { DispatcherEvents } from '../../src/delivery/dispatcher-options.ts';
import type { Connector, OutboundMessage, Receipt, SubmitOutcome } from '../../src/delivery/connector.ts';
import { createAccount } from '../../src/core/accounts.ts';
import { insertMessages } from '../../src/store/messages.ts';
import { countInStatus } from '../../src/store/outbox.ts';
import type { Store } from '../../src/store/database.ts';
import { MessageStatus } from '../../src/wire/statuses.ts';
import { DATABASES, freshStore } from '../support/databases.ts';
import { notYet, waitFor } from '../support/wait.ts';

const BURST = 50;
const GROUP = 5;
const SQLITE = DATABASES.find((database) => database.name === 'sqlite')!;

/** A carrier that answers a whole batch at once, as one socket read of submit_sm_resps would, and sends receipts in one burst. */
class BurstConnector implements Connector {
  readonly name = 'burst';
  readonly #waiting: Array<{ message: OutboundMessage; answer: (outcome: SubmitOutcome) => void }> = [];
  readonly #batchSize: number;
  readonly #onAnswer: () => void;
  #handler: ((receipt: Receipt) => Promise<void>) | undefined;

  /** Holds submits until `batchSize` are waiting, answers them all in one go, then calls `onAnswer` in that same go. */
  constructor(batchSize: number, onAnswer: () => void) {
    this.#batchSize = batchSize;
    this.#onAnswer = onAnswer;
  }

  isUp(): boolean {
    return true;
  }

  submit(message: OutboundMessage): Promise<SubmitOutcome> {
    return new Promise((answer) => {
      this.#waiting.push({ message, answer });
      if (this.#waiting.length < this.#batchSize) return;
      for (const { message: taken, answer: accept } of this.#waiting.splice(0)) accept({ accepted: [carrierIdOf(taken.intId)] });
      this.#onAnswer();
    });
  }

  onReceipt(handler: (receipt: Receipt) => Promise<void>): void {
    this.#handler = handler;
  }

  resume(): void {}

  async close(): Promise<void> {}

  /** Reports a delivered receipt for each of `intIds` in one go; resolves when the dispatcher has stored them all. */
  receipts(intIds: number[]): Promise<void[]> {
    const handler = this.#handler;
    if (!handler) throw new Error('no receipt handler yet');
    return Promise.all(intIds.map((intId) => handler({ carrierId: carrierIdOf(intId), status: MessageStatus.Delivered, err: 0 })));
  }
}

function carrierIdOf(intId: number): string {
  return `burst-${intId}`;
}

/** Queues BURST messages, due now, for one account; returns their int_ids. */
async function queueBurst(store: Store): Promise<number[]> {
  const now = Date.now();
  const created = await createAccount(store, { login: 'burst', password: 'x', balanceMinor: 100_000, currency: 'RUB', now });
  if ('error' in created) throw new Error(`cannot create the account: ${created.error}`);
  const row = {
    account_id: created.account.id, msg_id: '1', phone: '79161234567', kind: 0, sender: 'SMSC', body: 'burst',
    sms_cnt: 1, cost_minor: 0, status: MessageStatus.Waiting, created_at: now, status_at: now, due_at: now, expires_at: now + 3_600_000, lease_until: null,
    connector: null, carrier_id: null,
  };
  return insertMessages(store.db, Array.from({ length: BURST }, () => row));
}

/**
 * An HTTP server on a free port whose handler reads `committed`; `probe()` sends it a request now and resolves with
 * what `committed` returned when the request arrived.
 */
async function commitProbe(t: TestContext, committed: () => number): Promise<{ probe(): Promise<number> }> {
  const server = createServer((_request, response) => response.end(String(committed())));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const { port } = server.address() as AddressInfo;
  return {
    probe: () =>
      new Promise((resolve, reject) => {
        get({ host: '127.0.0.1', port, path: '/', agent: false }, (response) => {
          let body = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (body += chunk));
          response.on('end', () => resolve(Number(body)));
        }).on('error', reject);
      }),
  };
}

/** A started dispatcher over `connector` that claims the whole burst in one batch, stopped after the test. */
function dispatch(t: TestContext, store: Store, connector: Connector, events: DispatcherEvents): void {
  const router = new Router([{ connectors: [connector.name] }], new Map([[connector.name, connector]]));
  const dispatcher = new Dispatcher(store, router, [connector], { intervalMs: 5, batchSize: BURST, leaseMs: 60_000, events });
  t.after(() => dispatcher.stop());
  dispatcher.start();
}

/** Counts the transfers and the applied receipts the dispatcher reports; it reports each once it has committed. */
function commitCounter(): DispatcherEvents & { transferred: number; applied: number } {
  return {
    transferred: 0,
    applied: 0,
    statusReached(_connector, status) {
      if (status === MessageStatus.Transferred) this.transferred += 1;
    },
    receipt(_connector, outcome) {
      if (outcome === 'applied') this.applied += 1;
    },
  };
}

test('sqlite: a batch the carrier answers at once commits its transfers turns apart: a request sent then sees only some', async (t) => {
  const store = await freshStore(t, SQLITE, { maxGroupWrites: GROUP });
  await queueBurst(store);
  const commits = commitCounter();
  const { probe } = await commitProbe(t, () => commits.transferred);
  let answered: Promise<number> | undefined;
  const connector = new BurstConnector(BURST, () => (answered = probe()));
  dispatch(t, store, connector, commits);

  await waitFor('the batch transferred', () => commits.transferred === BURST || notYet(`${commits.transferred} of ${BURST}`));
  const seen = await answered!;
  assert.ok(seen < BURST / 2, `the request sent with the answers saw ${seen} of ${BURST} transfers committed: the batch held it back`);
  assert.equal(await countInStatus(store, MessageStatus.Transferred), BURST);
});

test('sqlite: a burst of receipts is committed turns apart: a request sent with it sees only some', async (t) => {
  const store = await freshStore(t, SQLITE, { maxGroupWrites: GROUP });
  const intIds = await queueBurst(store);
  const commits = commitCounter();
  const { probe } = await commitProbe(t, () => commits.applied);
  const connector = new BurstConnector(BURST, () => {});
  dispatch(t, store, connector, commits);
  await waitFor('the batch transferred', () => commits.transferred === BURST || notYet(`${commits.transferred} of ${BURST}`));

  const stored = connector.receipts(intIds);
  const seen = await probe();
  await stored;
  assert.ok(seen < BURST / 2, `the request sent with the receipts saw ${seen} of ${BURST} receipts committed: the burst held it back`);
  assert.equal(commits.applied, BURST);
  const { n } = await store.db.selectFrom('messages').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', MessageStatus.Delivered).executeTakeFirstOrThrow();
  assert.equal(Number(n), BURST);
});
