// `npm run build`: bundles src/ into dist/opensmsc.mjs and the write thread's dist/write-thread.mjs with esbuild (types
// stripped, packages left in node_modules), so the gateway runs as plain JavaScript: no TypeScript loader thread,
// about 45 MB less memory, a faster start.
import { build } from 'esbuild';

/** The bundle `npm start` runs, relative to the repository root. */
export const BUNDLE = 'dist/opensmsc.mjs';

/** Writes BUNDLE and the write thread beside it from the sources; about 0.2 s. */
export async function buildBundle(): Promise<void> {
  await build({
    // src/store/write-thread-client.ts starts the write thread from the file beside the bundle.
    entryPoints: { opensmsc: 'src/cli.ts', 'write-thread': 'src/store/write-thread.ts' },
    outdir: 'dist',
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Dependencies stay in node_modules: native addons (better-sqlite3) and data files are found from there.
    packages: 'external',
    logLevel: 'warning',
  });
}

if (process.argv[1]?.endsWith('build.ts')) await buildBundle();
