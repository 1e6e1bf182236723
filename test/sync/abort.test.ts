// Cancellation of the synchronization waits: an AbortSignal ends a wait that another process would end later, the
// object stays usable, an already aborted signal rejects at once, and a long-lived signal collects no listeners.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { Process } from '../../src/process/index.js';
import { Barrier, BoundedSemaphore, Condition, Event, Lock, RLock, Semaphore } from '../../src/sync/index.js';
import * as fixtures from '../fixtures/abort.js';
import { isAbortError } from '../helpers.js';

const T = { timeout: 60_000 };

function started(child: Process): Process {
  child.start();
  return child;
}

for (const Kind of [Lock, RLock] as const) {
  test(`${Kind.name}.acquire({ signal }) held by a child process rejects with AbortError; the lock works on`, T, async () => {
    const lock = new Kind();
    const holding = new Event();
    const letGo = new Event();
    const child = started(new Process({ target: fixtures.holdLockUntil, args: [lock, holding, letGo] }));
    assert.equal(await holding.wait(30_000), true);
    const controller = new AbortController();
    const waiting = lock.acquire({ signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await assert.rejects(waiting, isAbortError);
    assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
    letGo.set();
    assert.equal(await lock.acquire({ timeout: 30_000 }), true);
    lock.release();
    await child.join(30_000);
    assert.equal(child.exitcode, 0);
  });
}

test('Semaphore: an aborted acquire rejects with the signal\'s own reason and loses no unit a child releases', T, async () => {
  const semaphore = new Semaphore(0);
  const go = new Event();
  const child = started(new Process({ target: fixtures.releaseWhenTold, args: [semaphore, go, 2] }));
  const controller = new AbortController();
  const aborted = semaphore.acquire({ signal: controller.signal });
  const reason = new Error('no longer needed');
  controller.abort(reason);
  await assert.rejects(aborted, (error) => error === reason);
  const first = semaphore.acquire({ timeout: 30_000 });
  const second = semaphore.acquire({ timeout: 30_000 });
  go.set();
  assert.deepEqual(await Promise.all([first, second]), [true, true]);
  assert.equal(semaphore.getValue(), 0);
  await child.join(30_000);
  assert.equal(child.exitcode, 0);
});

test('Event.wait({ signal }) ends on abort; a later set() by a child still wakes a new wait', T, async () => {
  const event = new Event();
  const go = new Event();
  const child = started(new Process({ target: fixtures.setWhenTold, args: [event, go] }));
  const controller = new AbortController();
  const waiting = event.wait({ timeout: 30_000, signal: controller.signal });
  setTimeout(() => controller.abort(), 50);
  await assert.rejects(waiting, isAbortError);
  go.set();
  assert.equal(await event.wait({ timeout: 30_000 }), true);
  await child.join(30_000);
  assert.equal(child.exitcode, 0);
});

test('Condition.wait({ signal }) rejects on abort with the lock held again, as Python\'s wait always re-acquires', T, async () => {
  const condition = new Condition();
  assert.equal(await condition.acquire(), true);
  const controller = new AbortController();
  const waiting = condition.wait({ signal: controller.signal });
  setTimeout(() => controller.abort(), 50);
  await assert.rejects(waiting, isAbortError);
  condition.notify(); // would be a ValueError if the lock were not held
  condition.release();
  assert.equal(await condition.acquire({ block: false }), true);
  condition.release();
});

test('Barrier.wait({ signal }): an abort breaks the barrier for the party waiting in a child process', T, async () => {
  const barrier = new Barrier(3);
  const waiting = new Event();
  const child = started(new Process({ target: fixtures.expectBrokenBarrier, args: [barrier, waiting] }));
  assert.equal(await waiting.wait(30_000), true);
  const controller = new AbortController();
  const mine = barrier.wait({ signal: controller.signal });
  setTimeout(() => controller.abort(), 100);
  await assert.rejects(mine, isAbortError);
  assert.equal(barrier.broken, true);
  await child.join(30_000);
  assert.equal(child.exitcode, 0);
});

test('an already aborted signal rejects at once, even when the object is free; ...Sync twins throw', async () => {
  const signal = AbortSignal.abort();
  const lock = new Lock();
  const event = new Event();
  event.set();
  await assert.rejects(lock.acquire({ signal }), isAbortError);
  assert.equal(lock.locked(), false);
  await assert.rejects(event.wait({ signal }), isAbortError);
  await assert.rejects(new BoundedSemaphore(1).acquire({ signal }), isAbortError);
  await assert.rejects(new Barrier(1).wait({ signal }), isAbortError);
  assert.throws(() => lock.acquireSync({ signal }), isAbortError);
  assert.throws(() => new RLock().acquireSync({ signal }), isAbortError);
  assert.throws(() => event.waitSync({ signal }), isAbortError);
  assert.equal(lock.locked(), false);
});

test('many waits with one long-lived signal leave no listener on it', async () => {
  const controller = new AbortController();
  const { signal } = controller;
  const lock = new Lock();
  await lock.acquire();
  const event = new Event();
  const semaphore = new Semaphore(0);
  for (let i = 0; i < 50; i++) {
    assert.equal(await lock.acquire({ timeout: 1, signal }), false);
    assert.equal(await event.wait({ timeout: 1, signal }), false);
    assert.equal(await semaphore.acquire({ timeout: 1, signal }), false);
  }
  const woken = event.wait({ signal });
  event.set();
  assert.equal(await woken, true);
  assert.equal(getEventListeners(signal, 'abort').length, 0);
  lock.release();
});

test('a signal that is not an AbortSignal, or a timeout that is not a number, is a TypeError', async () => {
  const event = new Event();
  await assert.rejects(async () => event.wait({ signal: 'stop' as unknown as AbortSignal }), TypeError);
  assert.throws(() => new Lock().acquireSync({ signal: {} as AbortSignal }), TypeError);
  await assert.rejects(async () => event.wait(Number.NaN), /timeout must be a number of milliseconds/);
  await assert.rejects(async () => event.wait('5' as unknown as number), TypeError);
  assert.equal(await event.wait(-5), false);
});

test('Condition.waitFor(predicate, { signal }) rejects on abort with the lock held', async () => {
  const condition = new Condition();
  await condition.acquire();
  const controller = new AbortController();
  const waiting = condition.waitFor(() => false, { signal: controller.signal });
  setTimeout(() => controller.abort(), 30);
  await assert.rejects(waiting, isAbortError);
  condition.notifyAll(); // the lock is held again
  condition.release();
});
