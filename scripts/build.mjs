// `npm run build` (and `prepare`, so `npm pack` and a git install get it): the library as ES module bundles in dist/
// (esbuild, shared code split into dist/chunks/), the demo's examples and the benchmarks as plain JavaScript in
// dist/examples/ and dist/bench/ (so the installed CLI runs them under plain node), then the type declarations (tsc). A child process loads 9 files instead of ~30 and no package: ~15 ms less per start.
// The modules a child is started with, and those holding the library's own Process targets, are entry points, so that
// each keeps a file of its own and its targets stay exported (a target is found again by module URL and export name).
import { cpSync, existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
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
  'src/process/warm-up-module.ts',
  'src/shm/tracker-main.ts',
  'src/pool/worker.ts',
  'src/managers/server-main.ts',
  'src/managers/managed/index.ts',
  'src/threading/run-thread.ts',
  'src/cli/main.ts',
  'src/cli/bench-one.ts',
  'src/cli/map-target.ts',
  // Internals the benchmarks measure directly: entry points, so the built benchmarks share the library's one copy.
  'src/serialize/index.ts',
  'src/platform/native.ts',
  'src/subprocess/fast-spawn.ts',
];

/** The library's modules that examples and benchmarks import, with where each is in dist/ (entry points only). */
const REEXPORTED_BY_INDEX = ['process', 'sync', 'sharedctypes', 'connection', 'queues', 'pool', 'managers'];

// Dependencies (and optional peers, which the user installs) stay packages of their own. msgpackr, a dev dependency,
// is bundled: every child loads it, and bundled a child neither resolves nor loads another package for it (~4 ms).
const { dependencies, peerDependencies = {} } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const EXTERNAL = [...Object.keys(dependencies), ...Object.keys(peerDependencies)];

/**
 * esbuild plugin for examples/ and bench/: their imports of ../src/<module>.js point at the built library instead of
 * bundling a second copy of it (one copy per process: a target, a reducer or the addon is found once).
 */
const useBuiltLibrary = {
  name: 'use-built-library',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/src\// }, ({ path }) => {
      const module = path.slice('../src/'.length).replace(/\.js$/, '');
      if (ENTRY_POINTS.includes(`src/${module}.ts`)) return { path: `../${module}.js`, external: true };
      const folder = module.replace(/\/index$/, '');
      if (REEXPORTED_BY_INDEX.includes(folder) && module.endsWith('/index')) return { path: '../index.js', external: true };
      return { errors: [{ text: `${path} is not an entry point of the library build: add src/${module}.ts to ENTRY_POINTS` }] };
    });
  },
};

/** The .ts files directly in `dir` (the runnable examples, the bench modules). */
const tsFilesIn = (dir) => readdirSync(dir).filter((name) => name.endsWith('.ts') && !name.endsWith('.d.ts')).map((name) => `${dir}/${name}`);

/** Builds examples/ and bench/ into `outdir`/examples and `outdir`/bench, beside the library they import. */
async function buildRunnables(outdir) {
  for (const dir of ['examples', 'bench']) {
    await build({
      entryPoints: tsFilesIn(dir),
      outdir: `${outdir}/${dir}`,
      // Chunks beside the entries: the library's paths (../index.js) then hold from a chunk too.
      chunkNames: '[name]-[hash]',
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      // The comparison libraries of the benchmarks are dev dependencies: imported when present (bench/optional.ts).
      external: [...EXTERNAL, 'piscina', 'execa', 'p-limit', 'p-map'],
      plugins: [useBuiltLibrary],
      keepNames: true,
      logLevel: 'warning',
    });
  }
  // The benchmarks' plain JavaScript helpers and Python programs are used as they are.
  for (const name of readdirSync('bench')) {
    if (name.endsWith('.mjs') || name === 'python') cpSync(`bench/${name}`, `${outdir}/bench/${name}`, { recursive: true });
  }
}

/** Removes what a build wrote into `outdir`, except the type declarations when `keepDeclarations` (a JavaScript-only
 * rebuild, as the bench does, must not leave the checkout's type-check without the package's types). */
function clean(outdir, keepDeclarations) {
  if (!keepDeclarations) return rmSync(outdir, { recursive: true, force: true });
  for (const entry of readdirSync(outdir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && !entry.name.endsWith('.d.ts')) rmSync(join(entry.parentPath ?? entry.path, entry.name));
  }
}

/** Builds the JavaScript into `outdir`; `declarations` adds the .d.ts files (without, existing ones are kept). */
export async function buildLibrary({ outdir = 'dist', declarations = true } = {}) {
  clean(outdir, !declarations && existsSync(outdir));
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
  await buildRunnables(outdir);
  if (!declarations) return;
  const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json', '--emitDeclarationOnly'], { stdio: 'inherit' });
  if (tsc.status !== 0) throw new Error('tsc failed to write the declarations');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await buildLibrary({ declarations: !process.argv.includes('--no-declarations') });
}
