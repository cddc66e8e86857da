// The get.php?get_messages=1 answer in each fmt: the seed page's 19 fields per record, in its order per fmt.
import { formatCost } from '../money.ts';
import { crc32 } from '../text/crc32.ts';
import { formatSmscDate, unixSeconds } from './dates.ts';
import { idValue, jsonArray, xmlList, type Field, type FieldValue } from './format.ts';
import { kindNumber } from './kinds.ts';
import { statusName } from './statuses.ts';
import type { Fmt, HistoryRecord, MessageKind } from './types.ts';

// fmt 0 and 1 list the fields in another order than fmt 2 and 3, and each shows dates or timestamps only.
const PLAIN_ORDER: Record<0 | 1, readonly string[]> = {
  0: ['status', 'last_date', 'err', 'send_date', 'phone', 'mccmnc', 'country', 'operator', 'region', 'cost',
    'sender_id', 'status_name', 'message', 'type', 'id', 'int_id', 'sms_cnt', 'format', 'crc'],
  1: ['status', 'last_timestamp', 'err', 'send_timestamp', 'phone', 'mccmnc', 'country', 'operator', 'region', 'cost',
    'sender_id', 'status_name', 'message', 'type', 'id', 'int_id', 'sms_cnt', 'format', 'crc'],
};

/** fmt 0 labels that differ from the XML/JSON names (seed page: `Status`, `check_time`, `ID`). */
const TEXT_LABELS: Record<string, string> = { status: 'Status', last_date: 'check_time', id: 'ID' };

/** The history `format` a kind is listed under: SMS and flash 0, e-mail 8 (seed page, `format`). */
function historyFormat(kind: MessageKind): number {
  return kind === 'mail' ? 8 : 0;
}

/** The 19 fields of one record in the fmt 2/3 order. */
function recordFields(record: HistoryRecord, utcOffsetMinutes: number): Field[] {
  return [
    ['status', record.status],
    ['last_date', formatSmscDate(record.statusAt, utcOffsetMinutes)],
    ['last_timestamp', unixSeconds(record.statusAt)],
    ['err', record.err],
    ['send_date', formatSmscDate(record.sentAt, utcOffsetMinutes)],
    ['send_timestamp', unixSeconds(record.sentAt)],
    ['phone', record.address],
    ['cost', formatCost(record.costMinor)],
    ['sender_id', record.sender],
    ['status_name', statusName(record.status)],
    ['message', record.text],
    ['mccmnc', record.mccmnc],
    ['country', record.country],
    ['operator', record.operator],
    ['region', record.region],
    ['type', kindNumber(record.kind)],
    ['id', idValue(record.id)],
    ['int_id', String(record.intId)],
    ['sms_cnt', record.parts],
    ['format', historyFormat(record.kind)],
    ['crc', crc32(record.text)],
  ];
}

function plainLine(fields: Field[], fmt: 0 | 1): string {
  const byName = new Map<string, FieldValue>(fields);
  const shown = PLAIN_ORDER[fmt].map((name) => [name, byName.get(name)!] as const);
  if (fmt === 0) return shown.map(([name, value]) => `${TEXT_LABELS[name] ?? name} = ${value}`).join(', ');
  // The seed page writes `<status_name>, <message>` with a space in fmt 1; the seed is authoritative.
  return shown.map(([name, value]) => (name === 'message' ? ` ${value}` : `${value}`)).join(',');
}

/** Renders history records in `fmt`; the caller answers error 3 instead of an empty list. */
export function renderHistory(records: HistoryRecord[], utcOffsetMinutes: number, fmt: Fmt): string {
  const listed = records.map((record) => recordFields(record, utcOffsetMinutes));
  if (fmt === 3) return jsonArray(listed);
  if (fmt === 2) return xmlList('list', 'sms', listed);
  return listed.map((fields) => plainLine(fields, fmt)).join('\n');
}
