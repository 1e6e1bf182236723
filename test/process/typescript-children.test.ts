// Children of a TypeScript program running under tsx, or run by a Node that strips types itself, with the built
// package (as users run it): they load the program's TypeScript modules without booting tsx (or Node's stripper),
// from the JavaScript the parent already runs, and transform on their own only what the parent never loaded.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
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
}

const programs = [{ label: 'under tsx', argv: ['--import', TSX, MAIN] }];
if (NODE_STRIPS_TYPES) programs.push({ label: `run by Node ${process.versions.node} itself`, argv: [NATIVE_MAIN] });

for (const program of programs) describe(`TypeScript children of a program ${program.label}, built package`, () => {
  // The build must sit right under the package root (the library finds its own files from there).
  const scratch = mkdtempSync(join(ROOT, '.test-build-typescript-'));
  const built = scratch;
  const reports: Record<string, Report> = {};
  let mapped: unknown;

  before(async () => {
    await buildLibrary({ outdir: built, declarations: false });
    const run = spawnSync(process.execPath, [...program.argv, built, scratch], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    assert.equal(run.status, 0, `the program failed:\n${run.stderr}`);
    for (const method of ['spawn', 'forkserver']) reports[method] = JSON.parse(readFileSync(join(scratch, `${method}.json`), 'utf8')) as Report;
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

  test("a pool's workers run a function of a module the parent imported after they started", () => {
    assert.deepEqual(mapped, [{ value: 2, doubled: 4 }, { value: 3, doubled: 6 }]);
  });
});
