// Cancellation of greenlet waits: join/get/joinall and a group's join end when their AbortSignal aborts; the
// greenlets themselves run on, and no listener stays on the signal.
import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { test } from 'node:test';
import { Group, joinall, sleep, spawn } from '../../src/coroutines/index.js';
import { isAbortError } from '../helpers.js';

const LIMIT = { timeout: 10_000 };

test('join, get, joinall and Group.join reject on abort; the greenlet still finishes', LIMIT, async () => {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const greenlet = spawn(async () => {
    await gate;
    return 42;
  });
  const group = new Group();
  group.add(greenlet);
  const controller = new AbortController();
  const { signal } = controller;
  const waits = [greenlet.join({ signal }), greenlet.get({ signal }), joinall([greenlet], { signal }), group.join({ signal })];
  setTimeout(() => controller.abort(), 20);
  for (const outcome of await Promise.allSettled(waits)) {
    assert.equal(outcome.status, 'rejected');
    assert.ok(isAbortError((outcome as PromiseRejectedResult).reason));
  }
  assert.equal(greenlet.ready(), false);
  release();
  assert.equal(await greenlet.get({ timeout: 5000 }), 42);
  assert.equal(getEventListeners(signal, 'abort').length, 0);
});

test('an already aborted signal rejects at once; waits that end normally leave no listener', LIMIT, async () => {
  const greenlet = spawn(() => sleep(10).then(() => 'done'));
  await assert.rejects(greenlet.join({ signal: AbortSignal.abort() }), isAbortError);
  await assert.rejects(greenlet.get({ signal: AbortSignal.abort() }), isAbortError);
  const controller = new AbortController();
  assert.equal(await greenlet.get({ signal: controller.signal }), 'done');
  await greenlet.join({ timeout: 1000, signal: controller.signal });
  assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
});
