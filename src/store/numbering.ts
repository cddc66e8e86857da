// Imported numbering data: registry ranges (replaced as a whole) and ported numbers (merged or replaced).
import type { Store } from './database.ts';
import { chunks } from './chunks.ts';

/** A block of numbers first..last (full international numbers) and what the registry says of it. */
export interface NumberRangeRecord {
  first: string;
  last: string;
  operator: string;
  region: string;
  mccmnc: string;
}

/** A number served by another operator's network than its range says. */
export interface PortedNumberRecord {
  phone: string;
  operator: string;
  mccmnc: string;
  /** Unix ms, or null when unknown. */
  portedAt: number | null;
}

/** Replaces every imported range with `ranges`, in one transaction: readers see the old set or the new one. */
export async function replaceNumberRanges(store: Store, ranges: readonly NumberRangeRecord[]): Promise<void> {
  await store.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('number_ranges').execute();
    for (const rows of chunks(ranges)) await trx.insertInto('number_ranges').values(rows.map((range) => ({ ...range }))).execute();
  });
}

/** Every imported range, in the order it was imported (later ones win where ranges overlap). */
export async function readNumberRanges(store: Store): Promise<NumberRangeRecord[]> {
  return store.db.selectFrom('number_ranges').select(['first', 'last', 'operator', 'region', 'mccmnc']).orderBy('id').execute();
}

/**
 * Stores ported numbers in one transaction: a number already there takes the new operator; with `replace`,
 * the list replaces every ported number instead. A number given twice keeps its last line.
 */
export async function savePortedNumbers(store: Store, numbers: readonly PortedNumberRecord[], options: { replace: boolean }): Promise<void> {
  const lastOfEach = [...new Map(numbers.map((number) => [number.phone, number])).values()];
  await store.db.transaction().execute(async (trx) => {
    if (options.replace) await trx.deleteFrom('ported_numbers').execute();
    for (const rows of chunks(lastOfEach)) {
      await trx
        .insertInto('ported_numbers')
        .values(rows.map(({ phone, operator, mccmnc, portedAt }) => ({ phone, operator, mccmnc, ported_at: portedAt })))
        .onConflict((conflict) =>
          conflict.column('phone').doUpdateSet((eb) => ({
            operator: eb.ref('excluded.operator'),
            mccmnc: eb.ref('excluded.mccmnc'),
            ported_at: eb.ref('excluded.ported_at'),
          })),
        )
        .execute();
    }
  });
}

/** Every ported number. */
export async function readPortedNumbers(store: Store): Promise<PortedNumberRecord[]> {
  const rows = await store.db.selectFrom('ported_numbers').select(['phone', 'operator', 'mccmnc', 'ported_at']).execute();
  return rows.map(({ ported_at, ...number }) => ({ ...number, portedAt: ported_at }));
}

/** How many ported numbers are stored. */
export async function countPortedNumbers(store: Store): Promise<number> {
  const { count } = await store.db
    .selectFrom('ported_numbers')
    .select((eb) => eb.cast<number>(eb.fn.countAll(), 'integer').as('count'))
    .executeTakeFirstOrThrow();
  return Number(count);
}
