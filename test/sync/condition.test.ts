// Condition: misuse errors, wait timeouts, waitFor, and notify(n)/notifyAll with waiters in other processes.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { getContext } from '../../src/context.js';
import { ValueError } from '../../src/errors.js';
import { RawArray } from '../../src/sharedctypes/index.js';
import { Condition, Lock, RLock } from '../../src/sync/index.js';
import * as fixtures from '../fixtures/sync.js';
import { eventually } from '../helpers.js';

const T = { timeout: 90_000 };

describe('Condition', () => {
  test('wait and notify without holding the lock are ValueErrors', async () => {
    const cond = new Condition();
    assert.throws(() => cond.notify(), ValueError);
    assert.throws(() => cond.notifyAll(), ValueError);
    assert.throws(() => cond.waitSync(10), ValueError);
    assert.throws(() => cond.wait(10), ValueError);
  });

  test('wait(timeout) re-acquires and returns false; an RLock held twice is held twice again', async () => {
    const lock = new RLock();
    const cond = new Condition(lock);
    lock.acquireSync();
    lock.acquireSync();
    const start = performance.now();
    assert.equal(cond.waitSync(80), false);
    assert.equal(await cond.wait(80), false);
    assert.ok(performance.now() - start >= 150);
    lock.release();
    assert.equal(lock.locked(), true);
    lock.release();
    assert.equal(lock.locked(), false);
  });

  test('works over a plain Lock; acquire/release/guard reach the lock', async () => {
    const lock = new Lock();
    const cond = new Condition(lock);
    {
      using _ = cond.guard();
      assert.equal(lock.locked(), true);
      assert.equal(cond.waitSync(10), false);
      cond.notify();
    }
    assert.equal(lock.locked(), false);
    assert.equal(await cond.acquire(), true);
    cond.release();
  });

  test('waitFor returns the predicate value: at once, after notifies, or the last one on timeout', async () => {
    const cond = new Condition();
    let state = 0;
    await cond.acquire();
    assert.equal(await cond.waitFor(() => 'ready'), 'ready');
    const timer = setInterval(() => {
      cond.acquireSync();
      state++;
      cond.notifyAll();
      cond.release();
    }, 20);
    try {
      assert.ok(((await cond.waitFor(() => state >= 3 && state, 5000)) as number) >= 3);
      const start = performance.now();
      assert.equal(await cond.waitFor(() => state < 0, 100), false);
      assert.ok(performance.now() - start >= 90);
      assert.equal(cond.waitForSync(() => 0, 30), 0);
    } finally {
      clearInterval(timer);
      cond.release();
    }
  });

  for (const method of ['spawn', 'thread'] as const) {
    test(`notify(2) wakes exactly 2 of 5 ${method} waiters, notifyAll the rest`, T, async () => {
      const { Process } = getContext(method);
      const cond = new Condition(new Lock());
      const counters = RawArray('i', 2);
      const waiters = Array.from({ length: 5 }, (_, i) => new Process({ target: fixtures.conditionWaiter, args: [cond, counters, i % 2 === 0] }));
      for (const p of waiters) p.start();
      try {
        await eventually(() => counters[0] === 5, 40_000);
        assert.equal(await cond.acquire({ timeout: 10_000 }), true, 'the last waiter let the lock go');
        cond.notify(2);
        cond.release();
        await eventually(() => counters[1] === 2, 10_000);
        await new Promise((resolve) => setTimeout(resolve, 300));
        assert.equal(counters[1], 2, 'notify(2) woke at most 2');
        cond.acquireSync({ timeout: 10_000 });
        cond.notifyAll();
        cond.release();
        await Promise.all(waiters.map((p) => p.join(20_000)));
        assert.deepEqual(waiters.map((p) => p.exitcode), Array(5).fill(0));
        assert.equal(counters[1], 5);
      } finally {
        for (const p of waiters) if (p.isAlive()) p.kill();
      }
    });
  }
});
