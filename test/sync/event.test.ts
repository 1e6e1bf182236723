// Event: the flag, wait with and without timeout, and set() from another process or thread.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getContext } from '../../src/context.js';
import { Event } from '../../src/sync/index.js';
import { RawArray } from '../../src/sharedctypes/index.js';
import { eventually } from '../helpers.js';
import * as fixtures from '../fixtures/sync.js';

const T = { timeout: 60_000 };

test('set, isSet, clear; wait resolves with the flag', async () => {
  const event = new Event();
  assert.equal(event.isSet(), false);
  const start = performance.now();
  assert.equal(await event.wait(100), false);
  assert.ok(performance.now() - start >= 90);
  assert.equal(event.waitSync(50), false);
  assert.equal(event.waitSync(0), false);
  event.set();
  assert.equal(event.isSet(), true);
  assert.equal(await event.wait(), true);
  assert.equal(event.waitSync(), true);
  event.clear();
  assert.equal(event.isSet(), false);
});

test('a waiter wakes when another thread of this process sets it', async () => {
  const event = new Event();
  setTimeout(() => event.set(), 30);
  assert.equal(await event.wait(5000), true);
});

for (const method of ['spawn', 'thread'] as const) {
  test(`set by a ${method} child wakes async and blocking waiters`, T, async () => {
    const { Process } = getContext(method);
    const event = new Event();
    const setter = new Process({ target: fixtures.setLater, args: [event, 200] });
    setter.start();
    assert.equal(await event.wait(20_000), true);
    await setter.join(20_000);
    event.clear();
    const again = new Process({ target: fixtures.setLater, args: [event, 200] });
    again.start();
    assert.equal(event.waitSync(20_000), true);
    await again.join(20_000);
    assert.equal(again.exitcode, 0);
  });

  test(`${method} children wait for the parent's set()`, T, async () => {
    const { Process } = getContext(method);
    const event = new Event();
    const arrived = RawArray('i', 1);
    const waiters = [true, false].map((useSync) => new Process({ target: fixtures.awaitClearEvent, args: [event, arrived, useSync] }));
    for (const p of waiters) p.start();
    await eventually(() => Atomics.load(arrived, 0) === 2, 20_000);
    assert.deepEqual(waiters.map((p) => p.isAlive()), [true, true], 'both children are blocked in their wait');
    event.set();
    await Promise.all(waiters.map((p) => p.join(20_000)));
    assert.deepEqual(waiters.map((p) => p.exitcode), [0, 0]);
  });
}
