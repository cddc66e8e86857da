// Runs opensmsc commands in-process against a fresh test database, capturing what they print and how they exit.
import type { TestContext } from 'node:test';
import { Command } from 'commander';
import { openStore, type Store } from '../../src/store/database.ts';
import type { TestDatabase } from './databases.ts';

/** What one command run printed, its exit code, and the --db value it asked for. */
export interface CliRun {
  stdout: string;
  stderr: string;
  exitCode: number | undefined;
  /** The --db value each command passed to openStoreFor. */
  dbOptions: (string | undefined)[];
}

/** Registers some commands on a program, as src/cli.ts does. */
export type RegisterCommands = (program: Command, openStoreFor: (db?: string) => Promise<Store>) => void;

/** A runner of the commands `register` adds, over a fresh database of `database`, and a store to inspect it with. */
export async function cliHarness(t: TestContext, database: TestDatabase, register: RegisterCommands): Promise<{ run: (...args: string[]) => Promise<CliRun>; store: Store }> {
  const { url, drop } = await database.create();
  t.after(drop);
  const store = await openStore(url);
  t.after(() => store.close());
  const run = async (...args: string[]): Promise<CliRun> => {
    const result: CliRun = { stdout: '', stderr: '', exitCode: undefined, dbOptions: [] };
    const program = new Command('opensmsc')
      .exitOverride()
      .configureOutput({ writeOut: (s) => (result.stdout += s), writeErr: (s) => (result.stderr += s) });
    register(program, async (db) => {
      result.dbOptions.push(db);
      return openStore(url);
    });
    const saved = process.exitCode;
    process.exitCode = undefined;
    try {
      await program.parseAsync(args, { from: 'user' });
    } catch (e) {
      // exitOverride turns commander's own exits (help, usage errors) into throws.
      result.exitCode = (e as { exitCode?: number }).exitCode;
    }
    result.exitCode ??= process.exitCode === undefined ? undefined : Number(process.exitCode);
    process.exitCode = saved;
    return result;
  };
  return { run, store };
}
