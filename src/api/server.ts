// The HTTP server: SMSC script routes behind the pipeline, /healthz and /metrics, answers never a stack trace.
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { renderError } from '../wire/errors.ts';
import { readQueryFormat } from '../wire/params.ts';
import type { Gateway } from './gateway.ts';
import { rawQueryOf, scriptHandler, sendAnswer, type Script } from './pipeline.ts';
import { sendScript } from './send.ts';
import { statusScript } from './status.ts';
import { balanceScript } from './balance.ts';
import { getScript } from './get.ts';
import { infoScript } from './info.ts';
import { ApiMetrics } from './metrics.ts';

/** Every path an SMSC client may call, and the script behind it. */
const SCRIPTS: ReadonlyArray<[path: string, name: string, script: Script]> = [
  ['/sys/send.php', 'send', sendScript],
  ['/rest/send/', 'send', sendScript],
  ['/sys/status.php', 'status', statusScript],
  ['/sys/balance.php', 'balance', balanceScript],
  ['/sys/get.php', 'get', getScript],
  ['/sys/info.php', 'info', infoScript],
];

/** The path of every SMSC script, for checks that must hold on each one (docs/security.md). */
export const SCRIPT_PATHS: readonly string[] = SCRIPTS.map(([path]) => path);

/** Query parameters, by lowercase name, whose values must never reach a log line. */
const SECRET_PARAMS: ReadonlySet<string> = new Set(['psw', 'apikey', 'password']);

/** Node checks the header and request timeouts on this beat (its default, 30 s, would let a cut come that late). */
const MAX_TIMEOUT_CHECK_INTERVAL_MS = 1_000;

/** A parameter name as the wire layer reads it ('+' a space, %XX a byte), so `ps%77` is masked like `psw`. */
function decodedName(name: string): string {
  // Most names carry neither (every request's URL passes here for its log line).
  if (!name.includes('%') && !name.includes('+')) return name;
  return name.replace(/\+/g, ' ').replace(/%([0-9a-f]{2})/gi, (_escape, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** The URL with secrets masked, for logs. */
export function redactUrl(url: string | undefined): string {
  const text = url ?? '';
  const at = text.indexOf('?');
  if (at < 0) return text;
  const fields = text.slice(at + 1).split('&');
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i]!;
    const equals = field.indexOf('=');
    const name = equals < 0 ? field : field.slice(0, equals);
    if (SECRET_PARAMS.has(decodedName(name).toLowerCase())) fields[i] = `${name}=***`;
  }
  return `${text.slice(0, at + 1)}${fields.join('&')}`;
}

/** A PEM certificate (chain) and its private key. */
export interface TlsFiles {
  cert: Buffer;
  key: Buffer;
}

export interface ServerOptions {
  /** A pino logger for request lines; none = silent. */
  logger?: FastifyBaseLogger;
  /** The registry /metrics serves, shared with delivery's metrics; a new one when absent. */
  metrics?: ApiMetrics;
  /** Serve HTTPS with this certificate and key; plain HTTP when absent. */
  tls?: TlsFiles;
}

/** No script here: a plain 404 that, unlike fastify's, does not echo the URL (it carries psw and apikey). */
function notFound(reply: FastifyReply): FastifyReply {
  return reply.code(404).header('content-type', 'text/plain; charset=utf-8').send('not found');
}

/** One log line per request, when it is answered, with what fastify's two lines (incoming, completed) carry. */
class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const fields = { req: request, statusCode: reply.statusCode, responseTime: reply.elapsedTime };
    if (error) reply.log.error({ ...fields, err: error }, 'request errored');
    else reply.log.info(fields, 'request completed');
  }
}

/** Builds the fastify app over `gateway` (not yet listening). */
export function buildServer(gateway: Gateway, options: ServerOptions = {}): FastifyInstance {
  const { config } = gateway;
  // A client that dribbles its headers or body, or idles, must not hold a connection (docs/security.md).
  const nodeServerOptions = {
    headersTimeout: config.headersTimeoutMs,
    connectionsCheckingInterval: Math.min(MAX_TIMEOUT_CHECK_INTERVAL_MS, config.headersTimeoutMs),
  };
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
    ...(options.tls ? { https: { ...nodeServerOptions, ...options.tls } } : { http: nodeServerOptions }),
    bodyLimit: config.bodyLimitBytes,
    requestTimeout: config.requestTimeoutMs,
    connectionTimeout: config.requestTimeoutMs,
    keepAliveTimeout: config.keepAliveTimeoutMs,
    // The client IP (IP blocks, allowlists) comes from X-Forwarded-For only when the peer is a listed proxy.
    trustProxy: config.trustProxy || false,
    // A path that cannot be decoded names no script; fastify's own answer would echo the URL, secrets and all.
    frameworkErrors: (_error, _request, reply) => notFound(reply),
    logController: new OneLinePerRequest(),
    // Scripts read the raw query in the request's charset (src/wire/params.ts); fastify's parse of it would go unused.
    routerOptions: { querystringParser: () => ({}) },
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

  app.setNotFoundHandler((_request, reply) => notFound(reply));
  app.setErrorHandler((error: Error & { code?: string; statusCode?: number }, request, reply) => {
    // A body too large for a path with no script behind it: the path is the answer.
    if (request.is404) return notFound(reply);
    const { fmt, charset } = readQueryFormat(rawQueryOf(request.raw.url));
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
