// `npm run build`: the library as ES module bundles in dist/ (esbuild, shared code split into dist/chunks/), then the
// type declarations (tsc). A child process loads 9 files instead of ~30 and no package: ~15 ms less per start.
// The modules a child is started with, and those holding the library's own Process targets, are entry points, so that
// each keeps a file of its own and its targets stay exported (a target is found again by module URL and export name).
import { readFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const ENTRY_POINTS = [
  'src/index.ts',
  'src/subprocess/index.ts',
  'src/threading/index.ts',
  'src/coroutines/index.ts',
  'src/distributed/index.ts',
  'src/process/bootstrap.ts',
  'src/process/typescript-register.ts',
  'src/process/typescript-hooks.ts',
  'src/shm/tracker-main.ts',
  'src/pool/worker.ts',
  'src/managers/serve.ts',
  'src/managers/managed/index.ts',
  'src/threading/run-thread.ts',
  'src/cli/main.ts',
  'src/cli/bench-one.ts',
];

// Dependencies stay packages of their own, except msgpackr, which every child loads: bundled, a child neither
// resolves nor loads another package for it (~4 ms per child).
// Optional peer dependencies (bullmq, ioredis for multiproc/distributed) are the user's to install: never bundled.
const { dependencies, peerDependencies = {} } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const EXTERNAL = [...Object.keys(dependencies).filter((name) => name !== 'msgpackr'), ...Object.keys(peerDependencies)];

/** Builds the JavaScript into `outdir`; `declarations` adds the .d.ts files. */
export async function buildLibrary({ outdir = 'dist', declarations = true } = {}) {
  rmSync(outdir, { recursive: true, force: true });
  await build({
    entryPoints: ENTRY_POINTS,
    outbase: 'src',
    outdir,
    entryNames: '[dir]/[name]',
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: EXTERNAL,
    keepNames: true,
    sourcemap: true,
    logLevel: 'warning',
  });
  if (!declarations) return;
  const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json', '--emitDeclarationOnly'], { stdio: 'inherit' });
  if (tsc.status !== 0) throw new Error('tsc failed to write the declarations');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await buildLibrary({ declarations: !process.argv.includes('--no-declarations') });
}
