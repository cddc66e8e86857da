// Prometheus metrics of delivery: statuses and receipts as the dispatcher reports them, queue gauges read at scrape.
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { Store } from '../store/database.ts';
import { countInStatus } from '../store/outbox.ts';
import { orphanCount, type ReceiptResult } from '../store/receipts.ts';
import { MessageStatus } from '../wire/statuses.ts';
import type { Connector } from './connector.ts';
import type { DispatcherEvents } from './dispatcher-options.ts';

/** Receipt latency buckets in seconds: a fast SMSC answers in tens of ms, a slow handset in minutes. */
const LATENCY_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

/** Delivery metrics on `registry` (docs/metrics.md); pass it to the Dispatcher as its `events`. */
export class DeliveryMetrics implements DispatcherEvents {
  readonly #messages: Counter<'status' | 'connector'>;
  readonly #receipts: Counter<'connector' | 'outcome'>;
  readonly #latency: Histogram<'connector'>;

  constructor(registry: Registry, store: Store, connectors: readonly Connector[]) {
    const registers = [registry];
    this.#messages = new Counter({
      name: 'opensmsc_messages_total',
      help: 'Messages that reached a status (0 transferred, or final) by connector; test-mode messages are not counted',
      labelNames: ['status', 'connector'] as const,
      registers,
    });
    this.#receipts = new Counter({
      name: 'opensmsc_receipts_total',
      help: 'Delivery receipts by connector and outcome: applied, duplicate, orphan (held), pending-parts',
      labelNames: ['connector', 'outcome'] as const,
      registers,
    });
    this.#latency = new Histogram({
      name: 'opensmsc_receipt_latency_seconds',
      help: 'From a part being taken by its connector to the receipt that gave it a status',
      labelNames: ['connector'] as const,
      buckets: LATENCY_BUCKETS,
      registers,
    });
    // Read when scraped: both statuses are counted over the (status, due_at) index, never the whole table.
    countGauge(registry, 'opensmsc_queue_depth', 'Messages waiting to be handed to a connector (status -1), scheduled ones included', () =>
      countInStatus(store, MessageStatus.Waiting),
    );
    countGauge(registry, 'opensmsc_in_flight', 'Messages taken by a connector and waiting for their receipt (status 0)', () =>
      countInStatus(store, MessageStatus.Transferred),
    );
    countGauge(registry, 'opensmsc_orphan_receipts', 'Receipts stored without a matching message part (held or unmatched)', () =>
      orphanCount(store),
    );
    new Gauge({
      name: 'opensmsc_connector_up',
      help: 'Whether a connector can take messages now (bound, connected): 1 or 0',
      labelNames: ['connector'] as const,
      registers,
      collect() {
        for (const connector of connectors) this.set({ connector: connector.name }, connector.isUp() ? 1 : 0);
      },
    });
  }

  statusReached(connector: string, status: number): void {
    this.#messages.inc({ status: String(status), connector });
  }

  receipt(connector: string, outcome: ReceiptResult, latencyMs?: number): void {
    this.#receipts.inc({ connector, outcome });
    if (latencyMs !== undefined) this.#latency.observe({ connector }, latencyMs / 1000);
  }
}

/** A gauge on `registry` whose value `read` returns at every scrape. */
function countGauge(registry: Registry, name: string, help: string, read: () => Promise<number>): void {
  new Gauge({
    name,
    help,
    registers: [registry],
    async collect() {
      this.set(await read());
    },
  });
}
