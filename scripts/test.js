// Runs every test file under test/ with node's test runner (Node 20 has no test globs).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function findTests(dir) {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    // test/faults/ takes about a minute and runs on its own: npm run test:faults.
    if (statSync(path).isDirectory()) return name === 'faults' ? [] : findTests(path);
    return name.endsWith('.test.ts') ? [path] : [];
  });
}

const selected = process.argv.slice(2);
const files = selected.length > 0 ? selected : findTests('test');
const run = spawnSync(process.execPath, ['--import', 'tsx', '--test', ...files], { stdio: 'inherit' });
process.exit(run.status ?? 1);
