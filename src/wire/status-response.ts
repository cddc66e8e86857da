// The status.php answer in each fmt: single and multi lookups, all=0/1/2, and the del=1 answer (spec §4.2).
import { formatCost } from '../money.ts';
import { formatSmscDate, unixSeconds } from './dates.ts';
import { idValue, jsonArray, jsonObject, xmlElement, xmlList, type Field } from './format.ts';
import { statusName } from './statuses.ts';
import { kindNumber } from './kinds.ts';
import type { Fmt, StatusRecord } from './types.ts';

/** How a status request asked to see its records: list format, `all` level, and the account's clock. */
export interface StatusView {
  multi: boolean;
  detail: 0 | 1 | 2;
  utcOffsetMinutes: number;
}

/** fmt 0 shows dates, fmt 1 timestamps; neither shows flag or sms_cnt (spec §4.2). */
const PLAIN_OMITTED: Record<0 | 1, ReadonlySet<string>> = {
  0: new Set(['last_timestamp', 'flag', 'send_timestamp', 'sms_cnt']),
  1: new Set(['last_date', 'flag', 'send_date', 'sms_cnt']),
};

/** fmt 0 labels that differ from the XML/JSON names. */
const TEXT_LABELS: Record<string, string> = { status: 'Status', last_date: 'check_time' };

/** Every field of one record in wire order; an unknown message is status -3 alone. */
function recordFields(record: StatusRecord, view: StatusView): Field[] {
  if (!record.found) return [['status', -3]];
  const fields: Field[] = [
    ['status', record.status],
    ['last_date', formatSmscDate(record.statusAt, view.utcOffsetMinutes)],
    ['last_timestamp', unixSeconds(record.statusAt)],
    ['flag', 0],
    ['err', record.err],
  ];
  if (view.detail === 0) return fields;
  fields.push(
    ['send_date', formatSmscDate(record.sentAt, view.utcOffsetMinutes)],
    ['send_timestamp', unixSeconds(record.sentAt)],
    ['phone', record.address],
    ['cost', formatCost(record.costMinor)],
  );
  if (view.detail === 2) {
    fields.push(['country', record.country], ['operator', record.operator], ['region', record.region]);
  }
  fields.push(
    ['sender_id', record.sender],
    ['status_name', statusName(record.status)],
    ['message', record.text],
    ['comment', ''],
    ['type', kindNumber(record.kind)],
    ['sms_cnt', record.parts],
  );
  return fields;
}

/** A multi lookup ends with its id, and with the phone too for all=0 or an unknown message (spec §4.2). */
function listedFields(record: StatusRecord, view: StatusView): Field[] {
  const fields = recordFields(record, view);
  fields.push(['id', idValue(record.id)]);
  if (view.detail === 0 || !record.found) fields.push(['phone', record.address]);
  return fields;
}

function renderOne(fields: Field[], fmt: Fmt): string {
  if (fmt === 2) return xmlElement('sms', fields);
  if (fmt === 3) return jsonObject(fields);
  const shown = fields.filter(([name]) => !PLAIN_OMITTED[fmt].has(name));
  return fmt === 0
    ? shown.map(([name, value]) => `${TEXT_LABELS[name] ?? name} = ${value}`).join(', ')
    : shown.map(([, value]) => value).join(',');
}

function renderList(records: Field[][], fmt: Fmt): string {
  if (fmt === 3) return jsonArray(records);
  if (fmt === 2) return xmlList('list', 'sms', records);
  return records.map((fields) => renderOne(fields, fmt)).join('\n');
}

/** Renders status records in `fmt`; without `multi` only records[0] is answered. */
export function renderStatus(records: StatusRecord[], view: StatusView, fmt: Fmt): string {
  if (view.multi) return renderList(records.map((record) => listedFields(record, view)), fmt);
  return renderOne(recordFields(records[0]!, view), fmt);
}

/** The del=1 success answer: `OK` as recorded in 2013 (also under fmt 3), an XML `<result>` in fmt 2. */
export function renderDeleted(fmt: Fmt): string {
  return fmt === 2 ? '<result>OK</result>' : 'OK';
}
