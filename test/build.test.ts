// The built package (scripts/build.mjs: ES module bundles with shared chunks) run from plain `node`, as users run it:
// every start method, library objects sent to children, pools, a manager, threads and subprocesses. The rest of the
// suite runs the TypeScript source; this is what catches a module the bundler moved out of reach of a child.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildLibrary } from '../scripts/build.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = fileURLToPath(new URL('../.test-build/', import.meta.url));
const SCENARIOS = fileURLToPath(new URL('./fixtures/built/scenarios.mjs', import.meta.url));

interface PerMethod {
  described: { name: string; parentPid: number; pid: number; value: [string, string][] };
  pid: number;
  name: string;
  exitcode: number;
  codes: number[];
  squares: number[];
  counter: number;
  grandchild: { name: string; parentPid: number; nestedPid: number };
}

type Preloaded = { importedAs: string; runsAs: string; name: string };
type Result = { mainPid: number; manager: number; threading: number; subprocess: string; preloaded: Preloaded } & Record<'spawn' | 'forkserver' | 'thread', PerMethod>;

let result: Result;

describe('the built package in plain node', () => {
  before(async () => {
    await buildLibrary({ outdir: OUT, declarations: false });
    const run = spawnSync(process.execPath, [SCENARIOS, OUT], { cwd: ROOT, encoding: 'utf8', timeout: 120_000, stdio: ['ignore', 'pipe', 'pipe'] });
    assert.equal(run.status, 0, `the scenarios failed:\n${run.stderr}`);
    result = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as Result;
  });

  after(() => rmSync(OUT, { recursive: true, force: true }));

  test('builds one file per entry point and shared chunks', () => {
    for (const entry of ['index.js', 'process/bootstrap.js', 'threading/index.js', 'managers/managed/index.js']) assert.ok(existsSync(`${OUT}${entry}`), entry);
    assert.ok(existsSync(`${OUT}chunks`));
  });

  for (const method of ['spawn', 'forkserver', 'thread'] as const) {
    test(`${method}: a target gets its arguments and identity, and exit codes follow Python`, () => {
      const r = result[method];
      assert.equal(r.exitcode, 0);
      assert.equal(r.described.name, r.name);
      assert.equal(r.described.parentPid, result.mainPid);
      assert.equal(r.described.pid, method === 'thread' ? result.mainPid : r.pid);
      assert.deepEqual(r.described.value, [['1', '1970-01-01T00:00:00.000Z']]);
      assert.deepEqual(r.codes, [7, 1]);
    });

    test(`${method}: pools, locked shared values and grandchildren work from the bundles`, () => {
      const r = result[method];
      assert.deepEqual(r.squares, [1, 4, 9, 16]);
      assert.equal(r.counter, 400);
      assert.match(r.grandchild.name, /^Process-\d+:1$/);
      assert.equal(r.grandchild.parentPid, method === 'thread' ? result.mainPid : r.grandchild.nestedPid);
    });
  }

  test('forkserver children import setForkserverPreload() modules before their payload, by the same URL', () => {
    assert.deepEqual(result.preloaded, { importedAs: 'ForkServerProcess', runsAs: result.preloaded.name, name: result.preloaded.name });
    assert.match(result.preloaded.name, /^Process-\d+$/);
  });

  test('a manager serves its standard types, and threading and subprocess work', () => {
    assert.equal(result.manager, 42);
    assert.equal(result.threading, 42);
    assert.equal(result.subprocess, 'built');
  });
});
