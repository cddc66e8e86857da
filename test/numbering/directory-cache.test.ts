// The binary cache of the packaged directory: same answers as a build, refused when stale or damaged, written atomically.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readDirectoryCache, writeDirectoryCache } from '../../src/numbering/directory-cache.ts';
import { cacheKey, loadOrBuildDirectory, packagedDirectory } from '../../src/numbering/packaged-directory.ts';
import { LANGUAGES } from '../../src/numbering/number-info.ts';
import { seededRandom } from '../../src/random.ts';

function temporaryDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'opensmsc-cache-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** 5,000 numbers with a fixed seed: prefixes of several countries, then random digits. */
function sampleNumbers(): string[] {
  const random = seededRandom(5);
  const starts = ['7', '79', '7495', '77', '380', '375', '44', '1', '49', '86', '33', '999', '2', '5', '6'];
  return Array.from({ length: 5000 }, () => {
    let phone = starts[Math.floor(random() * starts.length)]!;
    while (phone.length < 12) phone += Math.floor(random() * 10);
    return phone;
  });
}

test('packagedDirectory() makes the directory once per process', () => {
  assert.equal(packagedDirectory(), packagedDirectory());
});

test('a missing cache is built and written; the next start loads it and answers exactly as the build does', (t) => {
  const file = join(temporaryDir(t), 'deep', 'number-directory.bin');
  const built = loadOrBuildDirectory(file);
  assert.equal(built.source, 'built');
  const loaded = loadOrBuildDirectory(file);
  assert.equal(loaded.source, 'cache');
  for (const phone of sampleNumbers()) {
    for (const language of LANGUAGES) {
      assert.deepEqual(loaded.directory.lookup(phone, language), built.directory.lookup(phone, language), `${phone} ${language}`);
    }
  }
  assert.deepEqual(readdirSync(join(file, '..')), ['number-directory.bin'], 'no temporary file is left behind');
});

test('a cache written under another key (other package versions, ICU, format) is not used', (t) => {
  const file = join(temporaryDir(t), 'number-directory.bin');
  writeDirectoryCache(file, 'format 0, libphonenumber-js@0.0.1', packagedDirectory());
  assert.equal(readDirectoryCache(file, cacheKey()), undefined);
  assert.ok(readDirectoryCache(file, 'format 0, libphonenumber-js@0.0.1'));
});

test('a damaged, truncated, foreign or missing cache file is never trusted', (t) => {
  const dir = temporaryDir(t);
  const file = join(dir, 'number-directory.bin');
  const key = cacheKey();
  writeDirectoryCache(file, key, packagedDirectory());
  const good = readFileSync(file);
  assert.ok(readDirectoryCache(file, key), 'the intact file loads');
  const flipped = Buffer.from(good);
  flipped.writeUInt8(flipped.readUInt8(flipped.length - 4_000) ^ 0x10, flipped.length - 4_000);
  const cases: [string, Buffer][] = [
    ['one bit flipped in the trie', flipped],
    ['truncated', good.subarray(0, good.length - 4)],
    ['a few bytes', good.subarray(0, 10)],
    ['empty', Buffer.alloc(0)],
    ['another file type', Buffer.from('PK\u0003\u0004 not a cache at all')],
  ];
  for (const [name, bytes] of cases) {
    writeFileSync(file, bytes);
    assert.equal(readDirectoryCache(file, key), undefined, name);
  }
  assert.equal(readDirectoryCache(join(dir, 'absent.bin'), key), undefined, 'missing');
  writeFileSync(file, flipped);
  assert.equal(loadOrBuildDirectory(file).source, 'built', 'a damaged cache is rebuilt');
  assert.ok(readDirectoryCache(file, key), 'and rewritten');
});

test('an unwritable cache location still gives a directory', (t) => {
  const dir = temporaryDir(t);
  const blocker = join(dir, 'a-file');
  writeFileSync(blocker, '');
  const { directory, source } = loadOrBuildDirectory(join(blocker, 'number-directory.bin'));
  assert.equal(source, 'built');
  assert.equal(directory.lookup('79031234567', 'en').operator, 'Beeline');
});
