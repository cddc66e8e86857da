// `npm run build`: bundles src/ into dist/opensmsc.mjs with esbuild (types stripped, packages left in node_modules),
// so the gateway runs as plain JavaScript: no TypeScript loader thread, about 45 MB less memory, a faster start.
import { build } from 'esbuild';

/** The bundle `npm start` runs, relative to the repository root. */
export const BUNDLE = 'dist/opensmsc.mjs';

/** Writes BUNDLE from the sources; about 0.2 s. */
export async function buildBundle(): Promise<void> {
  await build({
    entryPoints: ['src/cli.ts'],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Dependencies stay in node_modules: native addons (better-sqlite3) and data files are found from there.
    packages: 'external',
    outfile: BUNDLE,
    logLevel: 'warning',
  });
}

if (process.argv[1]?.endsWith('build.ts')) await buildBundle();
