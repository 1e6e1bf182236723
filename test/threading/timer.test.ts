// Timer: runs its function in a thread after the interval, unless cancel() comes first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { Thread, Timer } from '../../src/threading/index.js';
import * as fixtures from '../fixtures/threading.js';
import { readJson, tempDir } from '../helpers.js';

const T = { timeout: 60_000 };

test('a Timer calls its function in its own thread after the interval', T, async () => {
  using dir = tempDir();
  const fired = new Int32Array(new SharedArrayBuffer(4));
  const timer = new Timer(300, fixtures.markFired, [fired, dir.path('fired.json')]);
  assert.ok(timer instanceof Thread);
  timer.start();
  await timer.join(30_000);
  assert.equal(Atomics.load(fired, 0), 1);
  assert.equal(readJson(dir.path('fired.json')).thread, timer.name);
  assert.equal(timer.finished.isSet(), true);
});

test('cancel() before the interval ends prevents the call, and the thread ends early', T, async () => {
  using dir = tempDir();
  const fired = new Int32Array(new SharedArrayBuffer(4));
  // The interval outlasts the join below by far: a thread that did not end early would still be alive after it.
  const timer = new Timer(600_000, fixtures.markFired, [fired, dir.path('fired.json')]);
  timer.start();
  await timer.join(500);
  assert.equal(timer.isAlive(), true);
  timer.cancel();
  await timer.join(30_000);
  assert.equal(timer.isAlive(), false, 'the timer thread ends soon after cancel()');
  assert.equal(Atomics.load(fired, 0), 0);
  assert.equal(existsSync(dir.path('fired.json')), false);
});

test('cancel() before start() also prevents the call', T, async () => {
  const fired = new Int32Array(new SharedArrayBuffer(4));
  const timer = new Timer(0, fixtures.markFired, [fired, '/dev/null']);
  timer.cancel();
  timer.start();
  await timer.join(30_000);
  assert.equal(Atomics.load(fired, 0), 0);
});
