// The HTTP server: SMSC script routes behind the pipeline, /healthz and /metrics, answers never a stack trace.
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { renderError } from '../wire/errors.ts';
import { readFmt } from '../wire/params.ts';
import { parseCharset } from '../wire/charset.ts';
import type { Gateway } from './gateway.ts';
import { rawQueryOf, scriptHandler, sendAnswer, type Script } from './pipeline.ts';
import { sendScript } from './send.ts';
import { statusScript } from './status.ts';
import { balanceScript } from './balance.ts';
import { getScript } from './get.ts';
import { ApiMetrics } from './metrics.ts';

/** Every path an SMSC client may call, and the script behind it. */
const SCRIPTS: ReadonlyArray<[path: string, name: string, script: Script]> = [
  ['/sys/send.php', 'send', sendScript],
  ['/rest/send/', 'send', sendScript],
  ['/sys/status.php', 'status', statusScript],
  ['/sys/balance.php', 'balance', balanceScript],
  ['/sys/get.php', 'get', getScript],
];

/** Query values that must never reach a log line. */
const SECRET_PARAMS = /([?&](?:psw|apikey|password)=)[^&]*/gi;

/** The URL with secrets masked, for logs. */
export function redactUrl(url: string | undefined): string {
  return (url ?? '').replace(SECRET_PARAMS, '$1***');
}

export interface ServerOptions {
  /** A pino logger for request lines; none = silent. */
  logger?: FastifyBaseLogger;
  /** The registry /metrics serves, shared with delivery's metrics; a new one when absent. */
  metrics?: ApiMetrics;
}

/** Builds the fastify app over `gateway` (not yet listening). */
export function buildServer(gateway: Gateway, options: ServerOptions = {}): FastifyInstance {
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
    bodyLimit: gateway.config.bodyLimitBytes,
    // A client that dribbles its request must not hold a connection forever (docs/security.md).
    requestTimeout: 30_000,
    connectionTimeout: 30_000,
  });
  const metrics = options.metrics ?? new ApiMetrics();

  // Bodies are parsed by the wire layer from raw bytes, in the request's charset.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  for (const [path, name, script] of SCRIPTS) {
    const onAnswered = (outcome: string) => metrics.requests.inc({ script: name, outcome });
    app.route({ method: ['GET', 'POST'], url: path, handler: scriptHandler(gateway, script, onAnswered) });
  }

  app.get('/healthz', async () => 'ok');
  app.get('/metrics', async (_request, reply) => reply.header('content-type', metrics.registry.contentType).send(await metrics.registry.metrics()));

  app.setErrorHandler((error: Error & { code?: string; statusCode?: number }, request, reply) => {
    const query = new URLSearchParams(rawQueryOf(request.raw.url));
    const fmt = readFmt(new Map([['fmt', query.get('fmt') ?? '']]));
    const charset = parseCharset(query.get('charset') ?? undefined);
    if (error.statusCode !== undefined && error.statusCode < 500) {
      // Oversized or unreadable bodies are bad parameters, answered the SMSC way (HTTP 200, error 1).
      return sendAnswer(reply, renderError({ error: 'parameters' }, fmt), fmt, charset);
    }
    request.log.error({ err: error, url: redactUrl(request.raw.url) }, 'request failed');
    // Infrastructure failure (e.g. the database is gone): nothing was accepted; clients retry on 5xx.
    return reply.code(503).header('content-type', 'text/plain; charset=utf-8').send('service unavailable, try again');
  });
  return app;
}
