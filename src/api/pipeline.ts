// The path every SMSC script request takes: params, IP block, credentials, limits, the script, the answer in fmt.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Account } from '../store/schema.ts';
import { readFmt, readParams } from '../wire/params.ts';
import { readCredentials } from '../wire/credentials.ts';
import { renderError, SMSC_ERRORS } from '../wire/errors.ts';
import { contentType, encodeBody } from '../wire/format.ts';
import type { Charset, Fmt, Params, SmscError, SmscErrorName } from '../wire/types.ts';
import type { Gateway } from './gateway.ts';

/** What a script sees of an authenticated request. */
export interface ScriptRequest {
  params: Params;
  fmt: Fmt;
  account: Account;
}

/** One SMSC script (send.php, status.php, …) behind the common pipeline. */
export interface Script {
  /** status.php has its own, lower concurrency limit (spec §4.5). */
  concurrency: 'any' | 'status';
  /** send.php errors count towards the IP block for erroneous sends (spec §2). */
  countsErroneousSends: boolean;
  /** The rendered answer, or an error to render in the request's fmt. */
  run(gateway: Gateway, request: ScriptRequest): Promise<string | SmscError>;
}

// Running out of money is not an erroneous request; every other send error counts (docs/api.md).
const NOT_ERRONEOUS: ReadonlySet<SmscErrorName> = new Set(['noMoney']);

/** The part of the URL after '?', undecoded. */
export function rawQueryOf(url: string | undefined): string {
  const at = url?.indexOf('?') ?? -1;
  return at < 0 ? '' : url!.slice(at + 1);
}

/** Writes an SMSC answer: always HTTP 200, encoded in the request's charset. */
export function sendAnswer(reply: FastifyReply, text: string, fmt: Fmt, charset: Charset): FastifyReply {
  return reply.code(200).header('content-type', contentType(fmt, charset)).send(encodeBody(text, fmt, charset));
}

async function answer(gateway: Gateway, script: Script, params: Params, fmt: Fmt, ip: string): Promise<string | SmscError> {
  const { limits, auth } = gateway;
  if (limits.isBlocked(ip)) return { error: 'ipBlocked' };
  const credentials = readCredentials(params);
  const authResult = credentials ? await auth.authenticate(credentials, ip) : { error: 'authorise' as const, exemptFromBlocking: false };
  if ('error' in authResult) {
    if (!authResult.exemptFromBlocking) limits.recordFailedLogin(ip);
    return { error: 'authorise' };
  }
  const release = limits.enter(`account:${authResult.account.id}`, script.concurrency);
  if (!release) return { error: 'tooManyConcurrent' };
  try {
    const result = await script.run(gateway, { params, fmt, account: authResult.account });
    if (script.countsErroneousSends) limits.recordSendResult(ip, typeof result !== 'string' && !NOT_ERRONEOUS.has(result.error));
    return result;
  } finally {
    release();
  }
}

/** A fastify handler that runs `script` behind the pipeline; `onAnswered` gets 'ok' or the error code. */
export function scriptHandler(gateway: Gateway, script: Script, onAnswered: (outcome: string) => void = () => {}) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const read = await readParams({
      rawQuery: rawQueryOf(request.raw.url),
      body: Buffer.isBuffer(request.body) ? request.body : undefined,
      contentType: request.headers['content-type'],
    });
    if ('error' in read) {
      onAnswered(String(SMSC_ERRORS.parameters.code));
      return sendAnswer(reply, renderError({ error: 'parameters' }, read.fmt), read.fmt, read.charset);
    }
    const fmt = readFmt(read.params);
    const result = await answer(gateway, script, read.params, fmt, request.ip);
    onAnswered(typeof result === 'string' ? 'ok' : String(SMSC_ERRORS[result.error].code));
    return sendAnswer(reply, typeof result === 'string' ? result : renderError(result, fmt), fmt, read.charset);
  };
}
