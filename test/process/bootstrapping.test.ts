// Python's bootstrapping error: a module that starts processes as it loads, without `if (isMainProcess())`, gets a
// ProcessError in the child that imports it, instead of starting children of children without end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const SCRIPT = fileURLToPath(new URL('../fixtures/unguarded-start.ts', import.meta.url));
const GUARD = '`if (isMainProcess()) { … }`';

async function runUnguarded(mode: string): Promise<{ report: Record<string, unknown>; stderr: string }> {
  const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', SCRIPT], {
    env: { ...process.env, UNGUARDED: mode },
    timeout: 50_000,
    killSignal: 'SIGKILL',
  });
  return { report: JSON.parse(stdout.trim().split('\n').at(-1)!), stderr };
}

function assertBootstrappingError(stderr: string): void {
  assert.match(stderr, /ProcessError: An attempt has been made to start a new process before the current process has finished its bootstrapping phase/);
  assert.ok(stderr.includes(GUARD), `the error names the guard: ${stderr}`);
  assert.equal(stderr.match(/ProcessError/g)?.length, stderr.match(/bootstrapping phase/g)?.length);
}

test('an unguarded Process start at import fails in the child with the bootstrapping ProcessError', { timeout: 60_000 }, async () => {
  const { report, stderr } = await runUnguarded('process');
  assert.deepEqual(report, { exitcode: 1, alive: false });
  assertBootstrappingError(stderr);
  assert.equal(stderr.match(/^Process Process-/gm)?.length, 1, 'only the first child started, and it failed');
});

test('an unguarded Thread start at import fails in the thread with the bootstrapping ProcessError', { timeout: 60_000 }, async () => {
  const { report, stderr } = await runUnguarded('thread');
  assert.deepEqual(report, { exitcode: null, alive: false });
  assertBootstrappingError(stderr);
});

test('an unguarded Pool at import fails its tasks with the bootstrapping ProcessError, not more pools', { timeout: 60_000 }, async () => {
  const { report, stderr } = await runUnguarded('pool');
  assert.equal(report.error, 'ProcessError', `the map failed with the workers' import error: ${JSON.stringify(report)}`);
  assert.match(String(report.message), /^An attempt has been made to start a new process before the current process has finished its bootstrapping phase/);
  assert.ok(String(report.message).includes(GUARD), 'the error names the guard');
  assert.doesNotMatch(stderr, /daemonic processes/);
});
