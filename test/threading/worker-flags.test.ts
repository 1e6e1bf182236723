// Node options that a Worker refuses (process-wide ones: --stack-trace-limit, --v8-pool-size, ...) in the parent's
// execArgv must not stop threads: Node 24's test runner passes such options to every test process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../helpers.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/worker-flags.ts', import.meta.url));
const REFUSED_BY_WORKER = ['--stack-trace-limit=10', '--secure-heap-min=2', '--v8-pool-size=4'];

test('Thread, ThreadPool and the thread start method run under options a Worker refuses', { timeout: 90_000 }, () => {
  using dir = tempDir();
  const run = spawnSync(process.execPath, [...REFUSED_BY_WORKER, '--import', 'tsx', FIXTURE, dir.path('thread'), dir.path('child')], {
    encoding: 'utf8',
    timeout: 80_000,
  });
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(JSON.parse(run.stdout.trim().split('\n').at(-1)!), { doubled: [2, 4, 6], threadExit: false, childExit: 0 });
  assert.equal(readFileSync(dir.path('thread'), 'utf8'), 'thread ran');
  assert.equal(readFileSync(dir.path('child'), 'utf8'), 'thread child ran');
});
