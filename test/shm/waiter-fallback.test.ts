// Without futex_waitv (Linux < 5.16, some emulators) async waits still work and do not spin a core: the waiter
// threads sleep on their control word and re-check their words every millisecond.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const PROGRAM = fileURLToPath(new URL('../fixtures/waiter-fallback.ts', import.meta.url));

test('an async wait across processes completes on the fallback path, sleeping rather than spinning', { timeout: 60_000 }, async () => {
  const env = { ...process.env, MULTIPROC_NO_FUTEX_WAITV: '1' };
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', PROGRAM], { env, timeout: 50_000 });
  const report = JSON.parse(stdout.trim()) as { value: number; cpuMs: number; exitcode: number };
  assert.equal(report.value, 42);
  assert.equal(report.exitcode, 0);
  // A spinning waiter thread burns about the whole second; sleeping in 1 ms slices costs a few percent of it.
  assert.ok(report.cpuMs < 300, `the wait used ${report.cpuMs} ms of CPU in about 1000 ms`);
});
