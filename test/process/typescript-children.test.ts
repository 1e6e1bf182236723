// Children of a TypeScript program running under tsx, or run by a Node that strips types itself, with the built
// package (as users run it): they load the program's TypeScript modules without booting tsx (or Node's stripper),
// from the JavaScript the parent already runs, and transform on their own only what the parent never loaded.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildLibrary } from '../../scripts/build.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MAIN = fileURLToPath(new URL('../fixtures/built/typescript/main.ts', import.meta.url));
const NATIVE_MAIN = fileURLToPath(new URL('../fixtures/built/typescript/native-main.ts', import.meta.url));
/** Node >= 23.6 runs .ts itself; with in-thread hooks (Node >= 22.15) its children get the parent's JavaScript. */
const NODE_STRIPS_TYPES = Boolean((process.features as { typescript?: string | false }).typescript) && 'registerHooks' in (await import('node:module'));
const TSX = createRequire(import.meta.url).resolve('tsx');

interface Report {
  doubled: number;
  tripled: number;
  execArgv: string[];
  ppid: number;
  url: string;
}

const programs = [{ label: 'under tsx', argv: ['--import', TSX, MAIN] }];
if (NODE_STRIPS_TYPES) programs.push({ label: `run by Node ${process.versions.node} itself`, argv: [NATIVE_MAIN] });

for (const program of programs) describe(`TypeScript children of a program ${program.label}, built package`, () => {
  // The build must sit right under the package root (the library finds its own files from there).
  const scratch = mkdtempSync(join(ROOT, '.test-build-typescript-'));
  const built = scratch;
  const reports: Record<string, Report> = {};
  let mapped: unknown;
  let parentPid = 0;

  before(async () => {
    await buildLibrary({ outdir: built, declarations: false });
    // No warm spare takes a forkserver start: the program starts them until the fork server forked one.
    const env = { ...process.env, MULTIPROC_FORKSERVER: 'fork' };
    const run = spawnSync(process.execPath, [...program.argv, built, scratch], { cwd: ROOT, encoding: 'utf8', env, timeout: 120_000 });
    assert.equal(run.status, 0, `the program failed:\n${run.stderr}`);
    parentPid = run.pid!;
    for (const method of ['spawn', 'forkserver', 'forked']) reports[method] = JSON.parse(readFileSync(join(scratch, `${method}.json`), 'utf8')) as Report;
    mapped = JSON.parse(readFileSync(join(scratch, 'pool.json'), 'utf8')) as unknown;
  });

  after(() => rmSync(scratch, { recursive: true, force: true }));

  for (const method of ['spawn', 'forkserver']) {
    test(`${method}: the child runs the TypeScript target (its file touched since the parent loaded it) and its './x.js' imports of .ts files`, () => {
      assert.equal(reports[method].doubled, 42);
    });

    test(`${method}: the child does not boot tsx; the small hook loads its TypeScript`, () => {
      assert.ok(!reports[method].execArgv.some((arg) => arg.includes('tsx')), reports[method].execArgv.join(' '));
      assert.ok(reports[method].execArgv.some((arg) => arg.includes('typescript-register')), reports[method].execArgv.join(' '));
    });

    if (program.label === 'under tsx') {
      test(`${method}: a TypeScript module the parent never loaded is transformed in the child`, () => {
        assert.equal(reports[method].tripled, 63);
      });
    }
  }

  test('forkserver children are forked by the fork server, which keeps the small hook on its only thread', () => {
    const forked = reports.forked;
    assert.notEqual(forked.ppid, parentPid);
    assert.equal(forked.doubled, 42);
    assert.equal(forked.url, pathToFileURL(join(dirname(MAIN), program.label === 'under tsx' ? 'target.ts' : 'native-target.ts')).href);
    // What the server needed for the fork's sake is not passed on to the child's own children.
    assert.deepEqual(forked.execArgv, reports.spawn.execArgv);
    assert.ok(!/forking=|--single-threaded/.test(forked.execArgv.join(' ')), forked.execArgv.join(' '));
  });

  if (program.label === 'under tsx') {
    for (const method of ['thread', 'spawn']) {
      test(`a ${method} child of a child runs the TypeScript target, loaded as the child loaded it`, () => {
        const report = JSON.parse(readFileSync(join(scratch, `grandchild-${method}.json`), 'utf8')) as Report;
        assert.equal(report.doubled, 42);
        assert.equal(report.tripled, 63);
      });
    }

    test('a child that registers module hooks of its own gets them, and still loads TypeScript', () => {
      assert.deepEqual(JSON.parse(readFileSync(join(scratch, 'own-hooks.json'), 'utf8')), { answer: 42, doubled: 42, tripled: 63 });
    });

    test('a forked child transforms a TypeScript module the parent never loaded (esbuild without a worker thread)', () => {
      assert.equal(reports.forked.tripled, 63);
    });
  }

  test("a pool's workers run a function of a module the parent imported after they started", () => {
    assert.deepEqual(mapped, [{ value: 2, doubled: 4 }, { value: 3, doubled: 6 }]);
  });
});
