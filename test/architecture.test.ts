// Imports point one way (DESIGN.md, STYLE.md rule 5): the pure layers import nothing above them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const SRC = resolve('src');

/** What each part of src/ may import; a root file (cli.ts, server.ts, config.ts, …) is its own part. */
const ALLOWED: Record<string, string[]> = {
  'result.ts': [],
  'money.ts': [],
  'random.ts': [],
  'bounded-map.ts': [],
  text: ['result.ts'],
  wire: ['text', 'money.ts', 'result.ts'],
  numbering: ['text', 'result.ts'],
  store: ['wire', 'result.ts', 'bounded-map.ts'],
  core: ['store', 'wire', 'text', 'numbering', 'config.ts', 'money.ts', 'result.ts', 'bounded-map.ts'],
  delivery: ['store', 'wire', 'text', 'numbering', 'config.ts', 'result.ts', 'random.ts'],
  api: ['core', 'store', 'wire', 'config.ts', 'money.ts', 'result.ts'],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** The part of src/ a path belongs to: its first folder, or the file itself at the root. */
function partOf(path: string): string {
  return relative(SRC, path).split('/')[0]!;
}

test('every src/ import stays inside what its layer may use', () => {
  const violations: string[] = [];
  for (const file of sourceFiles(SRC)) {
    const from = partOf(file);
    const allowed = ALLOWED[from];
    if (!allowed) continue;
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(/from '(\.{1,2}\/[^']+)'/g)) {
      const to = partOf(resolve(dirname(file), specifier!));
      if (to !== from && !allowed.includes(to)) violations.push(`${relative(SRC, file)} imports ${to} (${specifier})`);
    }
  }
  assert.deepEqual(violations, []);
});
