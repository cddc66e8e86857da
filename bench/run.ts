// `npm run bench -- <scenario> [options]`: runs one benchmark scenario; results print as a table and land in bench/results/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyBench } from './history.ts';
import { numberLookupBench } from './number-lookup.ts';
import { acceptBench } from './accept.ts';
import { e2eBench } from './e2e.ts';
import { kannelBench } from './kannel.ts';
import { compareBench } from './compare.ts';
import { writePathBench } from './write-path.ts';

const SCENARIOS: Record<string, (args: string[]) => Promise<object>> = {
  history: historyBench,
  'number-lookup': numberLookupBench,
  accept: acceptBench,
  e2e: e2eBench,
  kannel: kannelBench,
  compare: compareBench,
  'write-path': writePathBench,
};

const [name, ...args] = process.argv.slice(2);
const scenario = name ? SCENARIOS[name] : undefined;
if (!scenario) {
  process.stderr.write(`usage: npm run bench -- <${Object.keys(SCENARIOS).join('|')}> [options]; see bench/README.md\n`);
  process.exit(2);
}
const result = await scenario(args);
mkdirSync('bench/results', { recursive: true });
const file = join('bench/results', `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
process.stdout.write(`results written to ${file}\n`);
