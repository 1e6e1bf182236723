// Semaphore and BoundedSemaphore: counting, release(n), bounds, timeouts, and a limit that holds across processes.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { getContext } from '../../src/context.js';
import { ValueError } from '../../src/errors.js';
import { RawArray } from '../../src/sharedctypes/index.js';
import { BoundedSemaphore, Semaphore } from '../../src/sync/index.js';
import * as fixtures from '../fixtures/sync.js';

const T = { timeout: 90_000 };

describe('Semaphore', () => {
  test('counts down, refuses at zero, may rise above its start value', async () => {
    const sem = new Semaphore(2);
    assert.equal(sem.getValue(), 2);
    assert.equal(sem.acquireSync(), true);
    assert.equal(await sem.acquire(), true);
    assert.equal(sem.acquireSync({ block: false }), false);
    assert.equal(sem.getValue(), 0);
    sem.release(3);
    assert.equal(sem.getValue(), 3);
    sem.release();
    assert.equal(sem.getValue(), 4);
    assert.equal(new Semaphore().getValue(), 1);
  });

  test('misuse: negative start value, release(0)', () => {
    assert.throws(() => new Semaphore(-1), ValueError);
    assert.throws(() => new Semaphore(1).release(0), ValueError);
    assert.throws(() => new Semaphore(1.5), TypeError);
  });

  test('acquire({ timeout }) gives up after about that long; a release wakes an async waiter', async () => {
    const sem = new Semaphore(0);
    let start = performance.now();
    assert.equal(sem.acquireSync({ timeout: 120 }), false);
    assert.ok(performance.now() - start >= 110);
    start = performance.now();
    assert.equal(await sem.acquire({ timeout: 120 }), false);
    assert.ok(performance.now() - start >= 110);
    setTimeout(() => sem.release(), 30);
    assert.equal(await sem.acquire({ timeout: 5000 }), true);
  });

  test('guard() releases the unit', () => {
    const sem = new Semaphore(1);
    {
      using _ = sem.guard();
      assert.equal(sem.getValue(), 0);
    }
    assert.equal(sem.getValue(), 1);
  });

  for (const method of ['spawn', 'thread'] as const) {
    test(`Semaphore(4) with 13 ${method} children: never more than 4 inside`, T, async () => {
      const { Process } = getContext(method);
      const sem = new Semaphore(4);
      const stats = RawArray('i', 2);
      const children = Array.from({ length: 13 }, (_, i) => new Process({ target: fixtures.crowd, args: [sem, stats, i % 2 === 0] }));
      for (const p of children) p.start();
      await Promise.all(children.map((p) => p.join(60_000)));
      assert.deepEqual(children.map((p) => p.exitcode), Array(13).fill(0));
      assert.equal(stats[0], 0);
      assert.ok(stats[1] >= 1 && stats[1] <= 4, `at most 4 inside, saw ${stats[1]}`);
      assert.equal(sem.getValue(), 4);
    });
  }
});

describe('BoundedSemaphore', () => {
  test('release above the initial value is a ValueError and changes nothing', () => {
    const sem = new BoundedSemaphore(2);
    assert.throws(() => sem.release(), ValueError);
    sem.acquireSync();
    assert.throws(() => sem.release(2), ValueError);
    assert.equal(sem.getValue(), 1);
    sem.release();
    assert.equal(sem.getValue(), 2);
    assert.ok(sem instanceof Semaphore);
  });

  test('keeps its bound in another process', T, async () => {
    const { Process } = getContext('spawn');
    const sem = new BoundedSemaphore(1);
    const p = new Process({ target: fixtures.crowd, args: [sem, RawArray('i', 2), true] });
    p.start();
    await p.join(30_000);
    assert.equal(p.exitcode, 0);
    assert.throws(() => sem.release(), ValueError);
  });
});
