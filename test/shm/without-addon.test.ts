// Without a loadable native addon (simulated with MULTIPROC_NO_NATIVE=1), the first use that shares memory with
// another process throws NativeAddonError saying what is missing and how to build it; the rest keeps working.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tempDir, existsSync } from '../helpers.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/without-addon.ts', import.meta.url));

test('without the addon: NativeAddonError for Pool, Manager and shared objects; Process, Thread, subprocess work', { timeout: 90_000 }, () => {
  using dir = tempDir();
  const run = spawnSync(process.execPath, ['--import', 'tsx', FIXTURE, dir.path('')], {
    encoding: 'utf8',
    timeout: 80_000,
    env: { ...process.env, MULTIPROC_NO_NATIVE: '1' },
  });
  assert.equal(run.status, 0, run.stderr);
  const report = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as Record<string, { error?: string; native?: boolean; message?: string; value?: unknown }>;
  for (const use of ['pool', 'manager', 'lockToProcess', 'queueToProcess']) {
    assert.equal(report[use]!.error, 'NativeAddonError', `${use}: ${JSON.stringify(report[use])}`);
    assert.equal(report[use]!.native, true, `${use} throws an instance of the exported class`);
    assert.match(report[use]!.message!, /native addon, which could not be loaded: loading it is disabled by MULTIPROC_NO_NATIVE=1/);
    assert.match(report[use]!.message!, /`npm rebuild multiproc`/);
  }
  assert.deepEqual(report.process, { value: 0 });
  assert.deepEqual(report.thread, { value: false });
  assert.deepEqual(report.subprocess, { value: 'subprocess ran\n' });
  assert.equal(readFileSync(dir.path('process'), 'utf8'), 'process ran');
  assert.equal(readFileSync(dir.path('thread'), 'utf8'), 'thread ran');
  assert.equal(existsSync(dir.path('never')), false);
});
