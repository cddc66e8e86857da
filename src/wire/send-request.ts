// send.php parameters into a SendCommand, with the validation of docs/compatibility.md (spec §3.1).
import { parseSchedule, parseValidity } from './schedule.ts';
import type { MessageKind, Params, RecipientBatch, SendCommand, SmscError } from './types.ts';

const PARAMETERS: SmscError = { error: 'parameters' };

/** The longest `mes`, in characters (spec §3.1). */
const MAX_TEXT_CHARS = 1000;
// Every recipient becomes a message row in one transaction; the cap bounds the memory and the
// transaction one request can demand (docs/compatibility.md).
const MAX_RECIPIENTS = 10_000;
/** Message types this gateway does not send (docs/compatibility.md). */
const UNSUPPORTED_KINDS = ['hlr', 'ping', 'viber', 'call', 'mms', 'bin', 'push', 'soc'];

const TRANSLIT_MODES = new Map<string, SendCommand['translit']>([['0', 0], ['1', 1], ['2', 2]]);
const COST_MODES = new Map<string, SendCommand['costMode']>([['0', 0], ['1', 1], ['2', 2], ['3', 3]]);
// Nine digits keep maxsms far inside a safe integer; no message has that many parts anyway.
const MAX_PARTS = /^[1-9][0-9]{0,8}$/;

const INTEGER_ID = /^[1-9][0-9]{0,9}$/;
const STRING_ID = /^[A-Za-z0-9._-]{1,40}$/;
const MAX_INTEGER_ID = 2147483647;

/** A parameter's value, with '' read as absent (optional parameters). */
function optional(params: Params, name: string): string | undefined {
  return params.get(name) || undefined;
}

/** Addresses from a phones list: split on ',' and ';', blanks dropped, not normalised. */
function splitAddresses(phones: string): string[] {
  return phones.split(/[,;]/).map((address) => address.trim()).filter((address) => address !== '');
}

function batch(phones: string, text: string): RecipientBatch | undefined {
  const addresses = splitAddresses(phones);
  if (addresses.length === 0 || text === '' || [...text].length > MAX_TEXT_CHARS) return undefined;
  return { addresses, text };
}

/** `list`: lines `phones:message` split on the first colon; empty lines skipped. */
function readList(list: string): RecipientBatch[] | undefined {
  const batches: RecipientBatch[] = [];
  for (const line of list.split('\n').map((l) => l.replace(/\r$/, ''))) {
    if (line.trim() === '') continue;
    const colon = line.indexOf(':');
    const lineBatch = colon < 0 ? undefined : batch(line.slice(0, colon), line.slice(colon + 1));
    if (!lineBatch) return undefined;
    batches.push(lineBatch);
  }
  return batches.length > 0 ? batches : undefined;
}

function readBatches(params: Params): RecipientBatch[] | undefined {
  const list = optional(params, 'list');
  if (list !== undefined) return readList(list);
  const phones = optional(params, 'phones');
  const text = optional(params, 'mes');
  const single = phones !== undefined && text !== undefined ? batch(phones, text) : undefined;
  return single && [single];
}

/** An integer 1..2147483647, or 1..40 of [A-Za-z0-9._-]; digits alone must be such an integer (choice). */
function validClientId(id: string): boolean {
  if (/^[0-9]+$/.test(id)) return INTEGER_ID.test(id) && Number(id) <= MAX_INTEGER_ID;
  return STRING_ID.test(id);
}

function readKind(params: Params): MessageKind {
  if (params.get('mail') === '1') return 'mail';
  if (params.get('flash') === '1') return 'flash';
  return 'sms';
}

/** Decodes a send.php request, or the error it answers with (1 parameters, 5 time). */
export function decodeSend(params: Params): SendCommand | SmscError {
  const batches = readBatches(params);
  if (!batches) return PARAMETERS;
  if (batches.reduce((sum, b) => sum + b.addresses.length, 0) > MAX_RECIPIENTS) return PARAMETERS;

  const clientId = optional(params, 'id');
  if (clientId !== undefined && !validClientId(clientId)) return PARAMETERS;
  if (UNSUPPORTED_KINDS.some((name) => (optional(params, name) ?? '0') !== '0')) return PARAMETERS;

  const translit = TRANSLIT_MODES.get(optional(params, 'translit') ?? '0');
  const costMode = COST_MODES.get(optional(params, 'cost') ?? '0');
  if (translit === undefined || costMode === undefined) return PARAMETERS;
  const maxsms = optional(params, 'maxsms');
  if (maxsms !== undefined && !MAX_PARTS.test(maxsms)) return PARAMETERS;

  const validityMinutes = parseValidity(optional(params, 'valid'));
  if (typeof validityMinutes === 'object') return validityMinutes;
  const when = parseSchedule(optional(params, 'time'), optional(params, 'tz'));
  if ('error' in when) return when;

  const command: SendCommand = {
    batches,
    subject: params.get('subj') ?? '',
    kind: readKind(params),
    translit,
    schedule: when.schedule,
    costMode,
    details: params.get('op') === '1' ? 'all' : params.get('err') === '1' ? 'errors' : 'none',
  };
  // Optional fields stay absent rather than undefined, so callers and tests see exactly what was given.
  if (clientId !== undefined) command.clientId = clientId;
  // sender is raw: '' means no sender (spec §3.1), and its format is core's to judge (error 6 carries an id).
  const sender = params.get('sender');
  if (sender !== undefined) command.sender = sender;
  if (when.tzOffsetHours !== undefined) command.tzOffsetHours = when.tzOffsetHours;
  if (validityMinutes !== undefined) command.validityMinutes = validityMinutes;
  if (maxsms !== undefined) command.maxParts = Number(maxsms);
  return command;
}
