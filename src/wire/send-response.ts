// The send.php success answer in each fmt, with the err=1/op=1 per-recipient details (spec §3.4–3.6).
import { formatBalance, formatCost } from '../money.ts';
import { idValue, jsonObject, xmlElement, type Field } from './format.ts';
import type { Fmt, RecipientDetail, SendOutcome } from './types.ts';

type CostMode = 0 | 1 | 2 | 3;

/** The answer's fields in wire order; cost=1 is a price query, answered without an id (spec §3.4). */
function summaryFields(outcome: SendOutcome, costMode: CostMode): Field[] {
  const cost = formatCost(outcome.costMinor);
  if (costMode === 1) return [['cost', cost], ['cnt', outcome.parts]];
  const fields: Field[] = [['id', idValue(outcome.id)], ['cnt', outcome.parts]];
  if (costMode >= 2) fields.push(['cost', cost]);
  if (costMode === 3) fields.push(['balance', formatBalance(outcome.balanceMinor)]);
  return fields;
}

/** fmt 0: `OK - 1 SMS, ID - 42`, then `, COST - …`, `, BALANCE - …`; a price query is `1.5 (1 SMS)`. */
function summaryText(outcome: SendOutcome, costMode: CostMode, fields: Field[]): string {
  if (costMode === 1) return `${formatCost(outcome.costMinor)} (${outcome.parts} SMS)`;
  const extras = fields.slice(2).map(([name, value]) => `, ${name.toUpperCase()} - ${value}`);
  return `OK - ${outcome.parts} SMS, ID - ${outcome.id}${extras.join('')}`;
}

/** One recipient: phone, mccmnc, cost, and for a failed one its status and err codes. */
function recipientFields(detail: RecipientDetail): Field[] {
  const fields: Field[] = [
    ['phone', detail.address],
    ['mccmnc', detail.mccmnc],
    ['cost', formatCost(detail.costMinor)],
  ];
  if (detail.status !== undefined) fields.push(['status', detail.status]);
  if (detail.err !== undefined) fields.push(['error', detail.err]);
  return fields;
}

/** fmt 0 puts the cost before the mccmnc: `79991234567 - 1.5, 25001, 22, 249` (docs/compatibility.md). */
function recipientText(record: Field[]): string {
  const [phone, mccmnc, cost, ...failure] = record.map(([, value]) => value);
  return `${phone} - ${cost}, ${mccmnc}${failure.map((value) => `, ${value}`).join('')}`;
}

/** Renders an accepted send (or a cost=1 price) in `fmt`; `details` picks the recipients listed after it. */
export function renderSend(
  outcome: SendOutcome,
  costMode: CostMode,
  details: 'none' | 'errors' | 'all',
  fmt: Fmt,
): string {
  const fields = summaryFields(outcome, costMode);
  const listed = outcome.details.filter((d) => details === 'all' || (details === 'errors' && d.status !== undefined));
  const recipients = listed.map(recipientFields);
  switch (fmt) {
    case 0:
      return [summaryText(outcome, costMode, fields), ...recipients.map(recipientText)].join('\n');
    case 1:
      return [fields, ...recipients].map((record) => record.map(([, value]) => value).join(',')).join('\n');
    case 2:
    case 3:
      // err=1 with nothing failed still answers an (empty) list, so structured clients always find the key.
      if (details !== 'none') fields.push(['phones', recipients]);
      return fmt === 2 ? xmlElement('result', fields) : jsonObject(fields);
  }
}
