// Splitting multi-row statements so their bound parameters stay under SQLite's and PostgreSQL's limits.

/** Rows per INSERT statement (SQLite allows 32766 parameters, PostgreSQL 65535; rows carry up to ~20). */
export const INSERT_CHUNK_ROWS = 500;

/** `rows` in consecutive slices of at most `size`. */
export function* chunks<T>(rows: readonly T[], size = INSERT_CHUNK_ROWS): Generator<T[]> {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}
