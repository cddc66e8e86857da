// `node --import tsx bench/profile-summary.ts FILE.cpuprofile [--top N]`: self time by function and by module of a `node --cpu-prof` profile.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { printTable } from './table.ts';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

/** The parts of V8's .cpuprofile format (Chrome DevTools protocol, Profiler.Profile) read here. */
interface CpuProfile {
  nodes: { id: number; callFrame: CallFrame; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

/** Which module a script URL belongs to: a package under node_modules, a file of ours, or Node itself. */
function moduleOf(url: string): string {
  if (url === '') return '(native / V8)';
  const packaged = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (packaged) return packaged[1]!;
  const ours = /\/((?:src|bench|test|dist)\/.*)$/.exec(url);
  return ours ? ours[1]! : url;
}

/** A script URL without the checkout's path: `kysely/dist/esm/…`, `src/…`, or as it is. */
function fileOf(url: string): string {
  return /(?:node_modules\/|\/(?=(?:src|bench|test|dist)\/))(.*)$/.exec(url)?.[1] ?? url;
}

/** Self time in ms per key, largest first. */
function selfTimes(profile: CpuProfile, keyOf: (frame: CallFrame, id: number) => string): [string, number][] {
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const totals = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const key = keyOf(frames.get(id)!, id);
    totals.set(key, (totals.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return [...totals.entries()].sort((a, b) => b[1] - a[1]);
}

/**
 * For each sampled node, the nearest function of ours on its stack: which of our code the time is spent for. Ours is
 * src/, or dist/ when the profile is of the bundle `npm start` runs (function names survive it, line numbers do not).
 */
function nearestOwnFunction(profile: CpuProfile): (id: number) => string {
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  return (id) => {
    for (let at: number | undefined = id; at !== undefined; at = parents.get(at)) {
      const frame = frames.get(at)!;
      if (/\/(?:src|dist)\//.test(frame.url)) return `${frame.functionName || '(anonymous)'} ${fileOf(frame.url)}:${frame.lineNumber + 1}`;
    }
    return '(not under src/: runtime, idle, GC, loaders)';
  };
}

function printTop(title: string, rows: [string, number][], totalMs: number, top: number): void {
  printTable(title, ['self ms', 'share', 'where'], rows.slice(0, top).map(([key, ms]) => [Math.round(ms), `${((ms / totalMs) * 100).toFixed(1)} %`, key]));
}

const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '25' } } });
const file = positionals[0];
if (!file) {
  process.stderr.write('usage: node --import tsx bench/profile-summary.ts FILE.cpuprofile [--top N]\n');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
const top = Number(values.top);
const totalMs = profile.timeDeltas.reduce((sum, d) => sum + d, 0) / 1000;
process.stdout.write(`${file}: ${Math.round(totalMs)} ms sampled\n`);
printTop('self time by module', selfTimes(profile, (f) => moduleOf(f.url)), totalMs, top);
printTop('self time by function', selfTimes(profile, (f) => `${f.functionName || '(anonymous)'} ${fileOf(f.url)}:${f.lineNumber + 1}`), totalMs, top);
const ownFunction = nearestOwnFunction(profile);
printTop('self time by the nearest function of ours on the stack', selfTimes(profile, (_, id) => ownFunction(id)), totalMs, top);
