// The fork server of 'forkserver': in plain `node` with the built library, children are forked by one server process
// (each its own process, with its own Math.random), report Python's exit codes, can be terminated and killed, and end
// with their parent; under a module hook, where a forked child would not be sound, the warm spares serve instead.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildLibrary } from '../../scripts/build.mjs';
import { eventually, procStatFields } from '../helpers.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const OUT = fileURLToPath(new URL('../../.test-build-fork/', import.meta.url));
const FIXTURE = fileURLToPath(new URL('../fixtures/built/fork-server.mjs', import.meta.url));
const NOOP_HOOKS = fileURLToPath(new URL('../fixtures/built/noop-hooks.mjs', import.meta.url));

interface Report {
  pid: number;
  ppid: number;
  random: number;
  handlePid: number;
  exitcode: number;
  execArgv: string[];
}
interface Run {
  parentPid: number;
  reports: Report[];
  codes: Record<'exit' | 'error' | 'terminate' | 'kill', number>;
  stderr: string;
}

/** Runs the fixture; every mode but 'mixed' leaves the warm spares out where children can be forked. */
function runFixture(mode: string, nodeOptions: string[] = []): Run & Record<string, unknown> {
  const env = { ...process.env, MULTIPROC_FORKSERVER: mode === 'mixed' ? undefined : 'fork' };
  const run = spawnSync(process.execPath, [...nodeOptions, FIXTURE, OUT, mode], { cwd: ROOT, encoding: 'utf8', env, timeout: 120_000 });
  assert.equal(run.status, 0, `the fixture failed (${mode}):\n${run.stderr}`);
  return { ...JSON.parse(run.stdout.trim().split('\n').at(-1)!), stderr: run.stderr };
}

/** Gone, or ended and waiting to be reaped (a zombie). */
function ended(pid: number): boolean {
  const fields = procStatFields(pid);
  return fields === null || fields[0] === 'Z';
}

describe('forkserver forks its children where that is sound', () => {
  let forked: Run;
  let spares: Run;

  before(async () => {
    await buildLibrary({ outdir: OUT, declarations: false });
    forked = runFixture('forked');
    spares = runFixture('spares', ['--import', NOOP_HOOKS]);
  });

  after(() => rmSync(OUT, { recursive: true, force: true }));

  test("back-to-back children are forked by one server, each a process of its own with the pid start() gave and the parent's Node options", () => {
    const { reports, parentPid } = forked;
    assert.equal(reports.length, 4);
    assert.equal(new Set(reports.map((report) => report.pid)).size, 4);
    const servers = new Set(reports.map((report) => report.ppid));
    assert.equal(servers.size, 1);
    assert.notEqual([...servers][0], parentPid);
    for (const report of reports) {
      assert.equal(report.handlePid, report.pid);
      assert.equal(report.exitcode, 0);
      assert.deepEqual(report.execArgv, []);
    }
  });

  test('Math.random gives each forked child its own sequence', () => {
    assert.equal(new Set(forked.reports.map((report) => report.random)).size, 4);
  });

  test("a forked child's exit code and uncaught error follow Python", () => {
    assert.equal(forked.codes.exit, 7);
    assert.equal(forked.codes.error, 1);
    assert.match(forked.stderr, /Process Process-\d+:\nRangeError: boom from a forkserver child/);
  });

  test('terminate() and kill() reach a forked child', () => {
    assert.equal(forked.codes.terminate, -15);
    assert.equal(forked.codes.kill, -9);
  });

  test('a forked non-daemonic child keeps its parent alive until it ends', { timeout: 60_000 }, () => {
    assert.deepEqual(runFixture('unjoined'), { exitcode: 0, forked: true, stderr: '' });
  });

  test('setForkserverPreload() modules load in the server; a new list replaces the server', { timeout: 60_000 }, () => {
    type Preloaded = { firstServer: number; firstServerEnded: boolean; after: { pid: number; ppid: number; importedBy: number }[] };
    const { firstServer, firstServerEnded, after } = runFixture('preload') as unknown as Preloaded;
    assert.equal(after.length, 2);
    for (const report of after) {
      assert.notEqual(report.ppid, firstServer);
      assert.equal(report.importedBy, report.ppid);
    }
    assert.equal(firstServerEnded, true);
  });

  test('the server and a daemonic forked child end when the parent exits', { timeout: 60_000 }, async () => {
    const { server, child, parentPid } = runFixture('daemon-left') as unknown as Record<string, number>;
    assert.notEqual(server, parentPid);
    await eventually(() => ended(server) && ended(child), 10_000);
  });

  test('by default a warm spare that is up takes a start, and starts one after another get forked children', { timeout: 90_000 }, () => {
    const { parentPid, backToBack, afterPause } = runFixture('mixed') as unknown as { parentPid: number; backToBack: number[]; afterPause: number };
    // A spare is this program's child; a forked one is the server's.
    assert.ok(backToBack.some((ppid) => ppid !== parentPid), `no forked child among ${backToBack.join(', ')} (parent ${parentPid})`);
    assert.equal(afterPause, parentPid);
  });

  test('under a module hook, warm spares serve instead, with the same exit codes', () => {
    const { reports, parentPid, codes } = spares;
    assert.equal(reports.length, 4);
    for (const report of reports) assert.equal(report.ppid, parentPid);
    assert.deepEqual(codes, { exit: 7, error: 1, terminate: -15, kill: -9 });
  });
});
