// Starts a whole gateway from a Config: store, connectors and routes, dispatcher, HTTP API; and stops it.
import type { FastifyInstance } from 'fastify';
import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import type { Config } from './config.ts';
import { openStore, type Store } from './store/database.ts';
import { Limits } from './core/limits.ts';
import { Authenticator } from './core/auth.ts';
import type { Connector } from './delivery/connector.ts';
import { buildConnectors } from './delivery/connectors.ts';
import { Dispatcher } from './delivery/dispatcher.ts';
import { DeliveryMetrics } from './delivery/delivery-metrics.ts';
import { Router } from './delivery/router.ts';
import { buildServer, redactUrl } from './api/server.ts';
import { ApiMetrics } from './api/metrics.ts';
import type { Gateway } from './api/gateway.ts';

/** A started gateway. */
export interface RunningServer {
  /** Base URL, e.g. http://127.0.0.1:8080 */
  url: string;
  app: FastifyInstance;
  store: Store;
  dispatcher: Dispatcher;
  connectors: Connector[];
  /** Stops intake first, then delivery, then the store; calling it again waits for the same close. */
  close(): Promise<void>;
}

export interface StartOptions {
  /** pino options for the request and delivery logs; none = silent. */
  logger?: LoggerOptions;
  /** Where log lines go; stdout when absent. */
  logStream?: DestinationStream;
  now?: () => number;
}

/** The default pino setup: request lines without secrets. */
export const DEFAULT_LOGGER: LoggerOptions = {
  level: process.env.LOG_LEVEL ?? 'info',
  serializers: {
    req: (req: { method: string; url: string; ip?: string }) => ({ method: req.method, url: redactUrl(req.url), ip: req.ip }),
  },
};

/** Opens the store and starts delivery and the HTTP API on config.host:config.port. */
export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const now = options.now ?? Date.now;
  const logger = options.logger ? pino(options.logger, options.logStream ?? process.stdout) : undefined;
  const store = await openStore(config.db, { sqliteSynchronous: config.sqliteSynchronous });
  const metrics = new ApiMetrics();
  let connectors: Connector[] = [];
  let dispatcher: Dispatcher;
  try {
    connectors = buildConnectors(config.connectors, { simulator: config.simulator, logger });
    const router = new Router(config.routes, new Map(connectors.map((c) => [c.name, c])));
    dispatcher = new Dispatcher(store, router, connectors, {
      intervalMs: config.dispatchIntervalMs,
      batchSize: config.dispatchBatchSize,
      leaseMs: config.leaseMs,
      orphanHoldMs: config.orphanReceiptHoldHours * 3_600_000,
      now,
      logger,
      events: new DeliveryMetrics(metrics.registry, store, connectors),
    });
  } catch (e) {
    await closeAll(connectors, store, logger);
    throw e;
  }
  const gateway: Gateway = {
    config,
    store,
    limits: new Limits(config.limits, now),
    auth: new Authenticator(store, { cacheSeconds: config.credentialCacheSeconds, now }),
    submit: { store, config, now, onQueued: () => dispatcher.wake() },
    now,
  };
  const app = buildServer(gateway, { logger, metrics });
  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (e) {
    await closeAll(connectors, store, logger);
    throw e;
  }
  dispatcher.start();
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`,
    app,
    store,
    dispatcher,
    connectors,
    close() {
      closing ??= (async () => {
        await app.close();
        await dispatcher.stop();
        await closeAll(connectors, store, logger);
      })();
      return closing;
    },
  };
}

/** Closes every connector (one failing does not keep the others open), then the store. */
async function closeAll(connectors: Connector[], store: Store, logger: Logger | undefined): Promise<void> {
  const closed = await Promise.allSettled(connectors.map((c) => c.close()));
  closed.forEach((result, i) => {
    if (result.status === 'rejected') logger?.error({ connector: connectors[i]?.name, err: result.reason }, 'connector did not close cleanly');
  });
  await store.close();
}
