// status.php parameters into a StatusCommand: paired id and phone lists, detail level, delete (spec §4.1).
import type { Params, SmscError, StatusCommand } from './types.ts';
import { readCommaList } from './params.ts';

const PARAMETERS: SmscError = { error: 'parameters' };

// Each lookup is one indexed query; the cap bounds the work one request can demand (docs/compatibility.md).
const MAX_LOOKUPS = 1000;
const DETAIL_LEVELS = new Map<string, StatusCommand['detail']>([['0', 0], ['1', 1], ['2', 2]]);

/** Decodes a status.php request, or error 1. */
export function decodeStatus(params: Params): StatusCommand | SmscError {
  const ids = readCommaList(params.get('id'));
  const phones = readCommaList(params.get('phone'));
  if (!ids || !phones) return PARAMETERS;
  // One phone for several ids applies to all of them, as the official Python client sends it.
  if (phones.items.length !== ids.items.length && phones.items.length !== 1) return PARAMETERS;
  if (ids.items.length > MAX_LOOKUPS) return PARAMETERS;
  const detail = DETAIL_LEVELS.get(params.get('all') || '0');
  if (detail === undefined) return PARAMETERS;

  // A trailing comma on either list asks for the multi format with a single message (spec §4.1).
  const multi = ids.items.length > 1 || ids.trailingComma || phones.trailingComma;
  const remove = params.get('del') === '1';
  if (remove && multi) return PARAMETERS;
  const lookups = ids.items.map((id, i) => ({ id, address: phones.items[phones.items.length === 1 ? 0 : i]! }));
  return { lookups, multi, detail, delete: remove };
}
