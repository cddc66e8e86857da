// How every one-shot CLI command runs: open the store, do the work, print `key: value` lines or one problem line.
import type { Command } from 'commander';
import { errorFrom } from '../result.ts';
import type { Store } from '../store/database.ts';

/** Opens the store named by `--db`, or the default (OPENSMSC_DB, else data/opensmsc.sqlite) when absent. */
export type OpenStoreFor = (dbOption?: string) => Promise<Store>;

/** `key: value` lines or ready text (a table, a listing) printed on success, or a one-line problem printed to stderr (exit code 1). */
export type Outcome = { lines: [string, string][] } | { text: string } | { problem: string };

/** Help text of the `--db` option every store command takes. */
export const DB_HELP = 'SQLite file path or postgres:// URL (default: $OPENSMSC_DB, else data/opensmsc.sqlite)';

/** Runs `body` on the store of the command's `--db` and prints its outcome; the store is closed either way. */
export async function runWithStore(command: Command, openStoreFor: OpenStoreFor, body: (store: Store) => Promise<Outcome>): Promise<void> {
  let outcome: Outcome;
  let store: Store | undefined;
  try {
    store = await openStoreFor(command.opts<{ db?: string }>().db);
    outcome = await body(store);
  } catch (e) {
    // Operators get one line (e.g. the database refused the connection), not a stack trace.
    outcome = { problem: errorFrom(e).message };
  } finally {
    await store?.close();
  }
  printOutcome(command, outcome);
}

/** Prints an outcome on the command's output: text as it is, lines as `key: value`, a problem on stderr. */
export function printOutcome(command: Command, outcome: Outcome): void {
  const output = command.configureOutput();
  if ('problem' in outcome) {
    (output.writeErr ?? ((text: string) => process.stderr.write(text)))(`error: ${outcome.problem}\n`);
    process.exitCode = 1;
    return;
  }
  const text = 'text' in outcome ? outcome.text : outcome.lines.map(([key, value]) => `${key}: ${value}\n`).join('');
  (output.writeOut ?? ((line: string) => process.stdout.write(line)))(text);
}
