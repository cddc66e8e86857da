// Prometheus metrics of the HTTP API, and the server's own registry that /metrics serves (docs/metrics.md).
import { Counter, Registry, collectDefaultMetrics } from 'prom-client';

/** The API's metrics and the registry /metrics serves. */
export class ApiMetrics {
  readonly registry = new Registry();
  readonly requests = new Counter({
    name: 'opensmsc_api_requests_total',
    help: 'SMSC API requests by script and outcome (ok or the SMSC error code)',
    labelNames: ['script', 'outcome'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}
