// The package as users get it: `npm pack` (which builds dist/ and the prebuilt addons), installed from the tarball
// into empty projects, run under plain node. The rest of the suite runs the TypeScript source in the checkout; this
// is what catches a file left out of the package, a dev dependency needed at run time, or an addon that needs a
// compiler at install.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../fixtures/package/', import.meta.url));
const [MAJOR, MINOR] = process.versions.node.split('.').map(Number) as [number, number];
/** Node >= 22.18 strips TypeScript types by itself (`node app.ts`). */
const RUNS_TYPESCRIPT = MAJOR > 22 || (MAJOR === 22 && MINOR >= 18);
// npm, npx and the installed bin run on this same node (its folder first on PATH), whichever Node runs the suite.
const ENV: NodeJS.ProcessEnv = { ...process.env, PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH}`, npm_config_update_notifier: 'false' };
for (const name of Object.keys(ENV)) if (name.startsWith('MULTIPROC_')) delete ENV[name];

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(file: string, args: string[], cwd: string, timeout: number, env: NodeJS.ProcessEnv = ENV): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd, env, timeout, killSignal: 'SIGKILL', maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
      resolve({ code, stdout, stderr });
    });
  });
}

const lastJson = (stdout: string) => JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;

let work: string;
let tarball: string;

/** An empty project with the tarball installed (npm install flags as given) and the fixtures copied in. */
async function project(name: string, flags: string[]): Promise<string> {
  const dir = join(work, name);
  cpSync(FIXTURES, dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', private: true, type: 'module' }));
  const installed = await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...flags, tarball], dir, 300_000);
  assert.equal(installed.code, 0, `npm install ${flags.join(' ')} failed:\n${installed.stderr}`);
  return dir;
}

describe('the packed package, installed from its tarball', { timeout: 900_000 }, () => {
  let app: string;
  let noScripts: string;

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'multiproc-package-'));
    // The first pack compiles one addon per Node ABI (minutes); later ones reuse them while native/ is unchanged.
    // This machine's binaries only: what is installed here runs here. The linux-arm64 ones, which need a cross
    // compiler, are checked by test/package/arm64.test.ts, a CI step of its own, so `npm test` needs none.
    const packed = await run('npm', ['pack', '--pack-destination', work], ROOT, 600_000, { ...ENV, MULTIPROC_PREBUILD_ARM64: '0' });
    assert.equal(packed.code, 0, `npm pack failed:\n${packed.stderr}`);
    tarball = join(work, readdirSync(work).find((name) => name.endsWith('.tgz'))!);
    app = await project('app', []);
    noScripts = await project('no-scripts', ['--ignore-scripts']);
  });

  after(() => rmSync(work, { recursive: true, force: true }));

  test('ships the CLI, the built examples and benchmarks, prebuilt addons, docs and LICENSE; no TypeScript source', async () => {
    const listed = await run('tar', ['tzf', tarball], work, 60_000);
    const files = listed.stdout.split('\n');
    for (const file of ['bin/multiproc.js', 'dist/cli/map-target.js', 'dist/examples/pool-map.js', 'dist/bench/serialize.js', 'scripts/install.mjs', 'LICENSE', 'docs/cli.md']) {
      assert.ok(files.includes(`package/${file}`), `${file} is in the package`);
    }
    for (const abi of [115, 127, 137]) assert.ok(files.includes(`package/prebuilds/${process.platform}-${process.arch}/node.abi${abi}.node`), `a prebuilt addon for ABI ${abi}`);
    assert.deepEqual(files.filter((file) => file.startsWith('package/src/') || file.startsWith('package/test/') || file.startsWith('package/packages/')), []);
  });

  test('installs no TypeScript loader, compiler or build tool', async () => {
    const installed = readdirSync(join(app, 'node_modules'));
    for (const tool of ['tsx', 'typescript', 'esbuild', 'node-gyp', 'msgpackr']) assert.ok(!installed.includes(tool), `${tool} is not installed`);
  });

  test('npx multiproc map runs a JavaScript module', { timeout: 120_000 }, async () => {
    writeFileSync(join(app, 'numbers.txt'), '1\n2\n3\n');
    const fromFile = await run('npx', ['multiproc', 'map', './work.mjs:square', '--input', 'numbers.txt'], app, 110_000);
    assert.equal(fromFile.code, 0, fromFile.stderr);
    assert.equal(fromFile.stdout, '1\n4\n9\n');
  });

  if (RUNS_TYPESCRIPT) {
    test(`Node ${process.versions.node}: npx multiproc map runs a .ts module and \`node app.ts\` runs with no loader, children importing .ts`, { timeout: 120_000 }, async () => {
      writeFileSync(join(app, 'numbers.txt'), '1\n2\n');
      const mapped = await run('npx', ['multiproc', 'map', './work.ts:cube', '--input', 'numbers.txt'], app, 110_000);
      assert.equal(mapped.code, 0, mapped.stderr);
      assert.equal(mapped.stdout, '1\n8\n');
      const typed = await run(process.execPath, ['app.ts'], app, 110_000);
      assert.equal(typed.code, 0, typed.stderr);
      assert.deepEqual(lastJson(typed.stdout), { doubled: [2, 4, 6], message: 'typed child ran (child)', exitcode: 0 });
    });
  } else {
    test(`Node ${process.versions.node}: npx multiproc map on a .ts module says to run it under a TypeScript loader`, { timeout: 120_000 }, async () => {
      writeFileSync(join(app, 'numbers.txt'), '1\n2\n');
      const mapped = await run('npx', ['multiproc', 'map', './work.ts:cube', '--input', 'numbers.txt'], app, 110_000);
      assert.equal(mapped.code, 2);
      assert.match(mapped.stderr, /cannot import \.\/work\.ts: .*Unknown file extension.*runs TypeScript only under a loader: .*NODE_OPTIONS='--import tsx' npx multiproc map .*Node >= 22\.18/);
    });
  }

  test('npx multiproc demo plays every scenario', { timeout: 400_000 }, async () => {
    const demo = await run('npx', ['multiproc', 'demo'], app, 390_000);
    assert.equal(demo.code, 0, `${demo.stdout.slice(-3000)}\n${demo.stderr}`);
    assert.match(demo.stdout, /^(\d+) of \1 scenarios ran cleanly in /m);
    assert.doesNotMatch(demo.stdout, /FAILED/);
  });

  test('npx multiproc bench runs a benchmark module and checks the targets', { timeout: 200_000 }, async () => {
    const bench = await run('npx', ['multiproc', 'bench', 'serialize'], app, 190_000);
    assert.equal(bench.code, 0, bench.stderr);
    assert.match(bench.stdout, /== serialize\.js:benchSerialize\(\)/);
    assert.match(bench.stdout, /multiproc encode\+decode/);
    assert.match(bench.stdout, /== targets of the issues, checked against this run/);
  });

  test('require() from CommonJS', { timeout: 60_000 }, async () => {
    const required = await run(process.execPath, ['require.cjs'], app, 50_000);
    assert.equal(required.code, 0, required.stderr);
    assert.deepEqual(lastJson(required.stdout), { tripled: [3, 6] });
  });

  test('installed with --ignore-scripts, a Pool runs on the prebuilt addon', { timeout: 60_000 }, async () => {
    const pooled = await run(process.execPath, ['pool.mjs'], noScripts, 50_000);
    assert.equal(pooled.code, 0, pooled.stderr);
    assert.deepEqual(lastJson(pooled.stdout), { squares: [1, 4, 9] });
  });

  test('with no addon for this Node: NativeAddonError says what is missing and how to build it; Process still runs', { timeout: 60_000 }, async () => {
    rmSync(join(noScripts, 'node_modules', 'multiproc', 'prebuilds'), { recursive: true, force: true });
    const pooled = await run(process.execPath, ['pool.mjs'], noScripts, 50_000);
    assert.equal(pooled.code, 0, pooled.stderr);
    const { error, message } = lastJson(pooled.stdout) as { error: string; message: string };
    assert.equal(error, 'NativeAddonError');
    assert.match(message, new RegExp(`no binary is prebuilt for ${process.platform}-${process.arch} on Node ${process.versions.node} \\(ABI ${process.versions.modules}\\) and none was built here`));
    assert.match(message, /`npm rebuild multiproc`/);
    const plain = await run(process.execPath, ['without-addon.mjs'], noScripts, 50_000);
    assert.equal(plain.code, 0, plain.stderr);
    const report = lastJson(plain.stdout) as { refused: { name: string; isNativeAddonError: boolean }; exitcode: number };
    assert.deepEqual({ name: report.refused.name, isNativeAddonError: report.refused.isNativeAddonError, exitcode: report.exitcode }, { name: 'NativeAddonError', isNativeAddonError: true, exitcode: 0 });
    assert.match(plain.stdout, /^hello plain from the child$/m);
  });

  test('with no addon for this Node and no working compiler, the install script explains and exits 0', { timeout: 120_000 }, async () => {
    const installed = join(noScripts, 'node_modules', 'multiproc');
    rmSync(join(installed, 'prebuilds'), { recursive: true, force: true });
    // npm's own node-gyp, as npm provides it to install scripts; a compiler that always fails; local headers.
    const env = {
      ...ENV,
      npm_config_node_gyp: join(ROOT, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
      npm_config_nodedir: dirname(dirname(process.execPath)),
      CC: 'false',
      CXX: 'false',
    };
    const script = await run(process.execPath, [join(installed, 'scripts', 'install.mjs')], installed, 110_000, env);
    assert.equal(script.code, 0, script.stderr);
    assert.match(script.stderr, /multiproc: no prebuilt native addon fits .* compiling one failed \(it needs python3, make and a C\+\+ compiler\)/);
    assert.match(script.stderr, /throws NativeAddonError until you install those tools and run `npm rebuild multiproc`/);
    const pooled = await run(process.execPath, ['pool.mjs'], noScripts, 50_000);
    assert.equal((lastJson(pooled.stdout) as { error: string }).error, 'NativeAddonError');
  });
});
