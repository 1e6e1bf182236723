// Cancellation of subprocess calls: an abort kills the child and its whole process group, as a timeout does, and
// the call rejects with the signal's reason (an AbortError when none was given).
import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { call, checkCall, checkOutput, getstatusoutput, Popen, run, runSync } from '../../src/subprocess/index.js';
import { isGone, killQuietly, liveGroupMembers } from '../fixtures/subprocess/helpers.js';
import { eventually, isAbortError, tempDir } from '../helpers.js';

/** The pids a script wrote, one per line, once there are `count` of them. */
async function pidsWritten(path: string, count: number): Promise<number[]> {
  const read = () => {
    try {
      return readFileSync(path, 'utf8').trim().split('\n').filter(Boolean).map(Number);
    } catch {
      return [];
    }
  };
  await eventually(() => read().length >= count, 20_000);
  return read();
}

describe('cancellation', { timeout: 60_000 }, () => {
  it('run({ signal }): an abort kills the child and its process group (a background grandchild too) and rejects', async () => {
    using dir = tempDir();
    const file = dir.path('pids');
    const controller = new AbortController();
    const running = run(['sh', '-c', `echo $$ > ${file}; sleep 30 & echo $! >> ${file}; sleep 31`], { signal: controller.signal });
    const [shellPid, grandchild] = await pidsWritten(file, 2);
    try {
      controller.abort();
      await assert.rejects(running, isAbortError);
      assert.ok(isGone(shellPid!), 'the child is gone');
      await eventually(() => isGone(grandchild!), 5000);
      await eventually(() => liveGroupMembers(shellPid!).length === 0, 5000);
      assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
    } finally {
      killQuietly(grandchild);
    }
  });

  it('Popen({ signal }): wait() and communicate() reject on abort; the child was killed (returncode -9)', async () => {
    const controller = new AbortController();
    const reason = new Error('stop it');
    const child = new Popen(['sleep', '30'], { stdout: 'pipe', signal: controller.signal });
    const waiting = child.wait();
    const communicating = child.communicate();
    controller.abort(reason);
    await assert.rejects(waiting, (error) => error === reason);
    await assert.rejects(communicating, (error) => error === reason);
    await eventually(() => child.poll() !== null, 10_000);
    assert.equal(child.returncode, -9);
    assert.ok(isGone(child.pid));
  });

  it('call, checkCall, checkOutput, getstatusoutput reject on abort; an already aborted signal starts nothing', async () => {
    const controller = new AbortController();
    const calls = [
      call(['sleep', '30'], { signal: controller.signal }),
      checkCall(['sleep', '30'], { signal: controller.signal }),
      checkOutput(['sleep', '30'], { signal: controller.signal }),
      getstatusoutput('sleep 30', { signal: controller.signal }),
    ];
    setTimeout(() => controller.abort(), 100);
    for (const outcome of await Promise.allSettled(calls)) {
      assert.equal(outcome.status, 'rejected');
      assert.ok(isAbortError((outcome as PromiseRejectedResult).reason));
    }
    const aborted = AbortSignal.abort();
    await assert.rejects(run(['true'], { signal: aborted }), isAbortError);
    assert.throws(() => new Popen(['true'], { signal: aborted }), isAbortError);
    assert.throws(() => runSync(['true'], { signal: aborted }), isAbortError);
    await assert.rejects(run(['true'], { signal: 'now' as unknown as AbortSignal }), TypeError);
  });

  it('a run that finishes leaves no listener on a long-lived signal', async () => {
    const controller = new AbortController();
    for (let i = 0; i < 5; i++) assert.equal((await run(['true'], { signal: controller.signal })).returncode, 0);
    assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
  });
});
