// The info.php?get_operator=1 answer in each fmt: one record, or a list naming each phone (docs/compatibility.md).
import { renderRecord, renderRecords, type Field } from './format.ts';
import type { Fmt, OperatorRecord } from './types.ts';

function recordFields(record: OperatorRecord): Field[] {
  return [
    ['country', record.country],
    ['operator', record.operator],
    ['region', record.region],
    ['mcc', record.mcc],
    ['mnc', record.mnc],
    ['tz', record.tz],
  ];
}

/** A single lookup answers one record; a list starts each record with its phone. */
export function renderOperators(records: readonly OperatorRecord[], multi: boolean, fmt: Fmt): string {
  if (!multi && records.length === 1) return renderRecord(recordFields(records[0]!), fmt);
  return renderRecords(
    records.map((record) => [['phone', record.phone], ...recordFields(record)]),
    fmt,
    { list: 'list', item: 'info' },
  );
}
