// A worker thread that alone loads the addon: when it ends, the heap it leaves still holds the segments' buffers,
// whose deleters are code of the addon; the process must end normally (it crashed with SIGSEGV when Node unloaded
// the addon with the worker's environment).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const FIXTURE = fileURLToPath(new URL('../fixtures/addon-only-in-worker.ts', import.meta.url));

test('a worker thread that alone loaded the addon ends, and so does its process, normally', { timeout: 60_000 }, () => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', FIXTURE], { encoding: 'utf8', timeout: 50_000 });
  assert.equal(run.signal, null, `the process died of ${run.signal}: ${run.stderr}`);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /received 42\nworker exited 0/);
});
