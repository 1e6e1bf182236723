// Timeouts kill: the child itself (checked by pid), and under a shell its whole process group, grandchildren
// included, before TimeoutExpired is thrown — for run, call, checkOutput and the sync forms.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  call, callSync, checkOutput, checkOutputSync, run, runSync, TimeoutExpired,
} from '../../src/subprocess/index.js';
import { isGone, killQuietly, liveGroupMembers } from '../fixtures/subprocess/helpers.js';
import { eventually } from '../helpers.js';

/** Pids printed one per line, from a TimeoutExpired's partial output. */
function printedPids(error: TimeoutExpired): number[] {
  return String(error.output).trim().split('\n').filter(Boolean).map(Number);
}

// Prints its own pid, then a background grandchild's, then runs a pipeline in the foreground.
const PIPELINE = 'echo $$; sleep 30 & echo $!; sleep 31 | cat';

async function expectTimeout(work: Promise<unknown> | (() => unknown), timeout: number): Promise<TimeoutExpired> {
  let caught: unknown;
  try {
    await (typeof work === 'function' ? work() : work);
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof TimeoutExpired, `expected TimeoutExpired, got ${String(caught)}`);
  assert.equal(caught.timeout, timeout);
  return caught;
}

/** The shell and its background grandchild printed their pids: both, and the whole group, must be gone. */
async function assertGroupKilled(error: TimeoutExpired): Promise<void> {
  const [shellPid, grandchild] = printedPids(error);
  try {
    assert.ok(shellPid && grandchild, `pids printed: ${String(error.output)}`);
    assert.throws(() => process.kill(shellPid, 0), { code: 'ESRCH' });
    await eventually(() => isGone(grandchild), 2000); // the background grandchild is gone
    await eventually(() => liveGroupMembers(shellPid).length === 0, 2000); // no live process left in the group
  } finally {
    killQuietly(grandchild);
  }
}

describe('timeouts', { timeout: 60000 }, () => {
  it('run() kills the child before throwing: its pid is gone (ESRCH)', async () => {
    // The child sleeps far beyond the test's own timeout: run() can only come back in time by killing it.
    const error = await expectTimeout(run(['sh', '-c', 'echo $$; exec sleep 600'], { captureOutput: true, timeout: 200 }), 200);
    const [pid] = printedPids(error);
    try {
      assert.deepEqual(error.cmd, ['sh', '-c', 'echo $$; exec sleep 600']);
      assert.equal(error.message, "Command '['sh', '-c', 'echo $$; exec sleep 600']' timed out after 200 milliseconds");
      assert.throws(() => process.kill(pid!, 0), { code: 'ESRCH' });
    } finally {
      killQuietly(pid);
    }
  });

  it('run() with shell kills the whole process group: pipeline and background grandchild too', async () => {
    const error = await expectTimeout(run(PIPELINE, { shell: true, captureOutput: true, timeout: 300 }), 300);
    await assertGroupKilled(error);
  });

  it('call() and checkOutput() kill on timeout too', async () => {
    await expectTimeout(call(['sleep', '30'], { timeout: 100 }), 100);
    const error = await expectTimeout(checkOutput(['sh', '-c', 'echo $$; echo partial; exec sleep 30'], { text: true, timeout: 200 }), 200);
    const [pid] = printedPids(error);
    assert.match(String(error.output), /partial/);
    assert.ok(isGone(pid!));
  });

  it('runSync() kills the child before throwing, with partial output', async () => {
    const error = await expectTimeout(() => runSync(['sh', '-c', 'echo $$; exec sleep 30'], { stdout: 'pipe', timeout: 200 }), 200);
    const [pid] = printedPids(error);
    assert.throws(() => process.kill(pid!, 0), { code: 'ESRCH' });
  });

  it('runSync() with shell kills the whole process group', async () => {
    const error = await expectTimeout(() => runSync(PIPELINE, { shell: true, captureOutput: true, timeout: 300 }), 300);
    await assertGroupKilled(error);
  });

  it('callSync() and checkOutputSync() kill on timeout too', async () => {
    await expectTimeout(() => callSync(['sleep', '30'], { timeout: 100 }), 100);
    await expectTimeout(() => checkOutputSync(['sleep', '30'], { timeout: 100 }), 100);
  });

  it('a child that finishes in time is not affected by the timeout', async () => {
    assert.equal((await run(['true'], { timeout: 5000, shell: false })).returncode, 0);
    assert.equal((await run('exit 3', { timeout: 5000, shell: true })).returncode, 3);
    assert.equal(runSync('exit 4', { timeout: 5000, shell: true }).returncode, 4);
  });
});
