// Barrier: indexes and actions per cycle with parties in processes, threads and the parent; abort, reset, timeout.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { getContext } from '../../src/context.js';
import { BrokenBarrierError, ValueError } from '../../src/errors.js';
import { RawArray, SharedMemory } from '../../src/sharedctypes/index.js';
import { Barrier } from '../../src/sync/index.js';
import * as fixtures from '../fixtures/sync.js';
import { eventually } from '../helpers.js';

const T = { timeout: 90_000 };

describe('Barrier', () => {
  test('properties; parties < 1 is a ValueError', () => {
    const barrier = new Barrier(3, { timeout: 500 });
    assert.equal(barrier.parties, 3);
    assert.equal(barrier.nWaiting, 0);
    assert.equal(barrier.broken, false);
    assert.equal(barrier.timeout, 500);
    assert.throws(() => new Barrier(0), ValueError);
  });

  test('in one thread: indexes 0..n-1, the action once per cycle (run by the last party)', async () => {
    let runs = 0;
    const barrier = new Barrier(3, { action: () => void runs++ });
    for (let cycle = 1; cycle <= 2; cycle++) {
      const indexes = await Promise.all([barrier.wait(5000), barrier.wait(5000), barrier.wait(5000)]);
      assert.deepEqual([...indexes].sort(), [0, 1, 2]);
      assert.equal(runs, cycle);
    }
    assert.equal(new Barrier(1).waitSync(100), 0);
  });

  test('a timeout breaks it for everyone; reset() mends it', async () => {
    const barrier = new Barrier(3);
    const other = barrier.wait(5000);
    await assert.rejects(barrier.wait(100), BrokenBarrierError);
    await assert.rejects(other, BrokenBarrierError);
    assert.equal(barrier.broken, true);
    assert.throws(() => barrier.waitSync(100), BrokenBarrierError);
    barrier.reset();
    assert.equal(barrier.broken, false);
    const again = Promise.all([barrier.wait(5000), barrier.wait(5000), barrier.wait(5000)]);
    assert.deepEqual([...(await again)].sort(), [0, 1, 2]);
  });

  test('abort() and reset() reject the parties waiting', async () => {
    const barrier = new Barrier(3);
    const waiting = [barrier.wait(5000), barrier.wait(5000)];
    await eventually(() => barrier.nWaiting === 2, 5000);
    barrier.abort();
    for (const w of waiting) await assert.rejects(w, BrokenBarrierError);
    barrier.reset();
    const again = barrier.wait(5000);
    await eventually(() => barrier.nWaiting === 1, 5000);
    barrier.reset();
    await assert.rejects(again, BrokenBarrierError);
    assert.equal(barrier.broken, false);
  });

  test('an action that throws breaks the barrier; the tripping party gets the error', async () => {
    const barrier = new Barrier(2, {
      action: () => {
        throw new Error('action failed');
      },
    });
    const results = await Promise.allSettled([barrier.wait(5000), barrier.wait(5000)]);
    const reasons = results.map((r) => (r.status === 'rejected' ? (r.reason as Error).name + ':' + (r.reason as Error).message : 'ok'));
    assert.deepEqual(reasons.sort(), ['BrokenBarrierError:', 'Error:action failed']);
    assert.equal(barrier.broken, true);
  });

  for (const method of ['spawn', 'thread'] as const) {
    test(`3 ${method} children and the parent, 2 cycles: unique indexes, one exported action per cycle`, T, async () => {
      using counter = new SharedMemory({ create: true, size: 8 });
      process.env.MULTIPROC_TEST_ACTION_COUNTER = counter.name;
      try {
        const { Process } = getContext(method);
        const barrier = new Barrier(4, { action: fixtures.countAction });
        const indexes = RawArray('i', 16).fill(-1);
        const parties = [0, 1, 2].map((slot) => new Process({ target: fixtures.barrierParty, args: [barrier, indexes, slot, 2, slot === 1] }));
        for (const p of parties) p.start();
        await fixtures.barrierParty(barrier, indexes, 3, 2, false);
        await Promise.all(parties.map((p) => p.join(30_000)));
        assert.deepEqual(parties.map((p) => p.exitcode), [0, 0, 0]);
        for (const cycle of [0, 1]) assert.deepEqual([...indexes.subarray(cycle * 8, cycle * 8 + 4)].sort(), [0, 1, 2, 3]);
        assert.equal(new Int32Array(counter.buf.buffer, counter.buf.byteOffset, 1)[0], 2);
      } finally {
        delete process.env.MULTIPROC_TEST_ACTION_COUNTER;
        counter.unlink();
      }
    });

    test(`abort() in the parent breaks a ${method} child's wait`, T, async () => {
      const { Process } = getContext(method);
      const barrier = new Barrier(3);
      const parties = [true, false].map((useSync) => new Process({ target: fixtures.expectBrokenBarrier, args: [barrier, useSync] }));
      for (const p of parties) p.start();
      await eventually(() => barrier.nWaiting === 2, 30_000);
      barrier.abort();
      await Promise.all(parties.map((p) => p.join(20_000)));
      assert.deepEqual(parties.map((p) => p.exitcode), [0, 0]);
    });
  }
});
