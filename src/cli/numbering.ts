// The `opensmsc numbering …` commands: import the Russian numbering registry and ported numbers, look a number up.
import { readFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { errorFrom, isFailure, type Result } from '../result.ts';
import { countPortedNumbers, replaceNumberRanges, savePortedNumbers } from '../store/numbering.ts';
import { NumberService } from '../core/numbers.ts';
import type { ImportProblem } from '../numbering/csv-table.ts';
import { parsePortedNumbers } from '../numbering/mnp.ts';
import { LANGUAGES, type Language } from '../numbering/number-info.ts';
import { normalizePhone } from '../numbering/phones.ts';
import { parseRegistry, type RegistryRange } from '../numbering/ru-registry.ts';
import { DB_HELP, runWithStore, type OpenStoreFor, type Outcome } from './run-with-store.ts';

/** Adds `numbering import-registry|import-mnp|lookup` to `program`. */
export function registerNumberingCommands(program: Command, openStoreFor: OpenStoreFor): void {
  const numbering = program
    .command('numbering')
    .description('import the Russian numbering registry and ported numbers; look numbers up (a running gateway reads imports at start)');
  const subcommand = (name: string, description: string) => numbering.command(name).description(description).option('--db <db>', DB_HELP);

  subcommand('import-registry', 'replace all imported ranges with those of the registry CSV files (ABC-3xx.csv … DEF-9xx.csv)')
    .argument('<files...>', 'registry extracts, windows-1251 or UTF-8')
    .action((files: string[], _opts: unknown, command: Command) =>
      runWithStore(command, openStoreFor, async (store): Promise<Outcome> => {
        const lines: [string, string][] = [];
        const ranges: RegistryRange[] = [];
        for (const file of files) {
          const parsed = await readImport(file, parseRegistry);
          if (isFailure(parsed)) return { problem: parsed.err };
          lines.push([file, `${parsed.ranges.length} ranges`]);
          ranges.push(...parsed.ranges);
        }
        await replaceNumberRanges(store, ranges);
        return { lines: [...lines, ['ranges', String(ranges.length)]] };
      }),
    );

  subcommand('import-mnp', 'store ported numbers from a ЦБДПН export (Number,OwnerId,MNC,…) or a phone;mccmnc;operator list')
    .argument('<file>', 'the list, UTF-8 or windows-1251')
    .option('--replace', 'the file is the full list: forget ported numbers it does not name')
    .action((file: string, opts: { replace?: true }, command: Command) =>
      runWithStore(command, openStoreFor, async (store): Promise<Outcome> => {
        const parsed = await readImport(file, parsePortedNumbers);
        if (isFailure(parsed)) return { problem: parsed.err };
        await savePortedNumbers(store, parsed.numbers, { replace: opts.replace === true });
        return { lines: [[file, `${parsed.numbers.length} numbers`], ['ported_numbers', String(await countPortedNumbers(store))]] };
      }),
    );

  subcommand('lookup', "print a number's country, operator, region and MCC/MNC as the gateway sees them")
    .argument('<phone>', 'international number, e.g. 79161234567 or +44 7700 900123')
    .addOption(new Option('--language <language>', 'language of the names').choices(LANGUAGES).default('ru'))
    .action((phone: string, opts: { language: Language }, command: Command) =>
      runWithStore(command, openStoreFor, async (store): Promise<Outcome> => {
        const normalized = normalizePhone(phone);
        if (!('address' in normalized)) return { problem: 'a phone number is 10 to 15 digits, optionally after +' };
        const info = (await NumberService.load(store)).lookup(normalized.address, opts.language);
        return {
          lines: [
            ['phone', normalized.address],
            ['country', info.country],
            ['country_name', info.countryName],
            ['operator', info.operator],
            ['region', info.region],
            ['mccmnc', info.mccmnc],
          ],
        };
      }),
    );
}

/** A file read and parsed, or one line saying which file and line is wrong. */
async function readImport<T>(file: string, parse: (bytes: Uint8Array) => Result<T, ImportProblem>): Promise<Result<T, string>> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (e) {
    return { err: `cannot read ${file}: ${errorFrom(e).message}` };
  }
  const parsed = parse(bytes);
  return isFailure(parsed) ? { err: `${file}, line ${parsed.err.line}: ${parsed.err.reason}; nothing was imported` } : parsed;
}
