// Starts a whole gateway from a Config: store, connectors and routes, dispatcher, HTTP API; and stops it.
import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import type { FastifyInstance } from 'fastify';
import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import type { Config } from './config.ts';
import { errorFrom } from './result.ts';
import { openStore, type Store } from './store/database.ts';
import { Limits } from './core/limits.ts';
import { Authenticator } from './core/auth.ts';
import { NumberService } from './core/numbers.ts';
import { Tariffs } from './core/tariffs.ts';
import type { Connector } from './delivery/connector.ts';
import { buildConnectors } from './delivery/connectors.ts';
import { Dispatcher } from './delivery/dispatcher.ts';
import { DeliveryMetrics } from './delivery/delivery-metrics.ts';
import { Router } from './delivery/router.ts';
import { buildServer, redactUrl, type TlsFiles } from './api/server.ts';
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
  /** Number facts; `reload()` picks up numbering imports made since the start (SIGHUP in `opensmsc serve`). */
  numbers: NumberService;
  /** Stops intake first, then delivery, then the store; calling it again waits for the same close. */
  close(): Promise<void>;
}

export interface StartOptions {
  /** pino options for the request and delivery logs; none = silent. */
  logger?: LoggerOptions;
  /** Where log lines go; stdout, written asynchronously, when absent. */
  logStream?: DestinationStream;
  now?: () => number;
}

/** The default pino setup: request lines and errors without secrets. */
export const DEFAULT_LOGGER: LoggerOptions = {
  level: process.env.LOG_LEVEL ?? 'info',
  serializers: {
    req: (req: { method: string; url: string; ip?: string }) => ({ method: req.method, url: redactUrl(req.url), ip: req.ip }),
    // Node's parse errors carry the request's raw bytes (rawPacket), credentials in the URL included; fastify logs them.
    err: (err: Error) => {
      const { rawPacket: _rawPacket, ...rest } = pino.stdSerializers.err(err) as Record<string, unknown>;
      return rest;
    },
  },
};

/**
 * Request lines go to stdout asynchronously, gathered: one write per LOG_BUFFER_BYTES of lines, or per
 * LOG_FLUSH_MS when traffic is light, instead of one per request (a tenth of a send's main-thread time). pino
 * writes what is gathered when the process exits; a kill -9 loses at most the last LOG_FLUSH_MS of lines, never a
 * message (docs/configuration.md, "Logs").
 */
const LOG_BUFFER_BYTES = 4096;
const LOG_FLUSH_MS = 250;
const LOG_DESTINATION = { dest: 1, sync: false, minLength: LOG_BUFFER_BYTES, periodicFlush: LOG_FLUSH_MS };

/** Opens the store and starts delivery and the HTTP API on config.host:config.port. */
export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const tls = readTlsFiles(config);
  const now = options.now ?? Date.now;
  const logger = options.logger ? pino(options.logger, options.logStream ?? pino.destination(LOG_DESTINATION)) : undefined;
  const store = await openStore(config.db, { sqliteSynchronous: config.sqliteSynchronous, writeThread: true });
  const metrics = new ApiMetrics();
  const tariffs = new Tariffs(store, { cacheSeconds: config.tariffCacheSeconds, now, flat: config });
  let connectors: Connector[] = [];
  let dispatcher: Dispatcher;
  let numbers: NumberService;
  try {
    numbers = await NumberService.load(store);
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
    numbers,
    submit: { store, config, now, numbers, tariffs, onQueued: () => dispatcher.wake() },
    now,
  };
  const app = buildServer(gateway, { logger, metrics, tls });
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
    url: `${tls ? 'https' : 'http'}://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`,
    app,
    store,
    dispatcher,
    numbers,
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

/** The configured certificate and key, checked to form a pair; undefined for plain HTTP. Throws a readable Error. */
function readTlsFiles(config: Config): TlsFiles | undefined {
  if (!config.tlsCertFile && !config.tlsKeyFile) return undefined;
  if (!config.tlsCertFile || !config.tlsKeyFile) {
    throw new Error('tlsCertFile and tlsKeyFile (OPENSMSC_TLS_CERT, OPENSMSC_TLS_KEY) must be given together');
  }
  const read = (setting: string, path: string) => {
    try {
      return readFileSync(path);
    } catch (e) {
      throw new Error(`cannot read ${setting} ${path}: ${errorFrom(e).message}`);
    }
  };
  const files = { cert: read('tlsCertFile', config.tlsCertFile), key: read('tlsKeyFile', config.tlsKeyFile) };
  try {
    createSecureContext(files);
  } catch (e) {
    throw new Error(`tlsCertFile and tlsKeyFile are not a PEM certificate and its private key: ${errorFrom(e).message}`);
  }
  return files;
}

/** Closes every connector (one failing does not keep the others open), then the store. */
async function closeAll(connectors: Connector[], store: Store, logger: Logger | undefined): Promise<void> {
  const closed = await Promise.allSettled(connectors.map((c) => c.close()));
  closed.forEach((result, i) => {
    if (result.status === 'rejected') logger?.error({ connector: connectors[i]?.name, err: result.reason }, 'connector did not close cleanly');
  });
  await store.close();
}
