// Cancelling pool calls with an AbortSignal: the call rejects with the signal's reason, its chunks not started never
// start, a worker running one of them is replaced, other calls' chunks still complete, and the pool goes on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { Pool, ThreadPool } from '../../src/pool/index.js';
import { Process } from '../../src/process/index.js';
import { activeChildren } from '../../src/process/index.js';
import { RawArray } from '../../src/sharedctypes/index.js';
import { Event } from '../../src/sync/index.js';
import * as fixtures from '../fixtures/abort.js';
import * as t from '../fixtures/pool.js';
import { eventually, isAbortError, pidAlive } from '../helpers.js';

const T = { timeout: 90_000 };

test('starmap({ signal }) aborted while chunks run in worker processes: rejects, drops the rest, replaces the workers', T, async () => {
  await using pool = new Pool(2);
  assert.equal(await pool.apply(t.square, [3]), 9); // the workers are up
  const before = activeChildren().map((child) => child.pid);
  const started = RawArray('i', 1);
  const controller = new AbortController();
  const items = Array.from({ length: 20 }, (_, x): [number, Int32Array, number] => [x, started, 20_000]);
  const mapping = pool.starmap(fixtures.markAndSleep, items, { chunksize: 1, signal: controller.signal });
  await eventually(() => Atomics.load(started, 0) >= 2, 30_000);
  controller.abort();
  await assert.rejects(mapping, isAbortError);
  assert.deepEqual(await pool.map(t.square, [1, 2, 3], { chunksize: 1 }), [1, 4, 9]);
  // Every worker was running an aborted chunk: both were stopped and replaced, and no chunk of the call started since.
  for (const pid of before) await eventually(() => !pidAlive(pid!), 30_000);
  assert.equal(Atomics.load(started, 0), 2);
  assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
});

test('apply({ signal }) of a running task rejects; a task of another call queued on the same worker still completes', T, async () => {
  await using pool = new Pool(1);
  const started = RawArray('i', 1);
  const controller = new AbortController();
  const aborted = pool.applyAsync(fixtures.markAndSleep, [1, started, 20_000], { signal: controller.signal });
  const other = pool.applyAsync(fixtures.markAndSleep, [2, started, 0]);
  const viaApply = pool.apply(fixtures.markAndSleep, [3, started, 20_000], undefined, { signal: controller.signal });
  await eventually(() => Atomics.load(started, 0) >= 1, 30_000);
  controller.abort(new Error('user gave up'));
  await assert.rejects(aborted.get(30_000), /user gave up/);
  await assert.rejects(viaApply, /user gave up/);
  assert.equal(await other.get(30_000), 4);
  assert.equal(await pool.apply(t.square, [5]), 25);
});

test('imap({ signal }): the pending next() rejects, the lazy input is closed, the iterator is then done', T, async () => {
  await using pool = new Pool(2);
  let inputClosed = false;
  function* endless(): Generator<number> {
    try {
      for (let i = 0; ; i++) yield i;
    } finally {
      inputClosed = true;
    }
  }
  const controller = new AbortController();
  const results = pool.imap(t.square, endless(), { signal: controller.signal });
  const seen: number[] = [];
  await assert.rejects(
    (async () => {
      for await (const value of results) {
        seen.push(value);
        if (seen.length === 3) controller.abort();
      }
    })(),
    isAbortError,
  );
  assert.deepEqual(seen.slice(0, 3), [0, 1, 4]);
  assert.equal(inputClosed, true);
  assert.deepEqual(await results.next(), { done: true, value: undefined });
  assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
});

test('an already aborted signal fails every call at once and runs nothing', T, async () => {
  await using pool = new Pool(1);
  const started = RawArray('i', 1);
  const signal = AbortSignal.abort();
  await assert.rejects(pool.apply(fixtures.markAndSleep, [1, started, 0], undefined, { signal }), isAbortError);
  await assert.rejects(pool.applyAsync(fixtures.markAndSleep, [1, started, 0], { signal }).get(), isAbortError);
  await assert.rejects(pool.starmap(fixtures.markAndSleep, [[1, started, 0]], { signal }), isAbortError);
  await assert.rejects(pool.map(t.square, [1, 2], { signal }), isAbortError);
  await assert.rejects(pool.mapAsync(t.square, [1, 2], { signal }).get(), isAbortError);
  await assert.rejects(pool.imap(t.square, [1, 2], { signal }).next(), isAbortError);
  assert.equal(await pool.apply(t.square, [4]), 16);
  assert.equal(Atomics.load(started, 0), 0);
});

test('many calls sharing one signal leave no listener on it once they have settled', T, async () => {
  await using pool = new Pool(2);
  const controller = new AbortController();
  const { signal } = controller;
  const values = await Promise.all(Array.from({ length: 40 }, (_, i) => pool.apply(t.square, [i], undefined, { signal })));
  assert.equal(values[39], 39 * 39);
  assert.deepEqual(await pool.map(t.square, [1, 2, 3], { signal }), [1, 4, 9]);
  assert.equal(getEventListeners(signal, 'abort').length, 0);
});

test('AsyncResult.get/wait({ signal }) and Process.join({ signal }) stop waiting; the task and the child go on', T, async () => {
  await using pool = new Pool(1);
  const go = new Event();
  const result = pool.applyAsync(fixtures.waitForEvent, [go]);
  const controller = new AbortController();
  const getting = result.get({ signal: controller.signal });
  const waiting = result.wait({ timeout: 30_000, signal: controller.signal });
  const child = new Process({ target: fixtures.waitForEvent, args: [go] });
  child.start();
  const joining = child.join({ signal: controller.signal });
  controller.abort();
  await assert.rejects(getting, isAbortError);
  await assert.rejects(waiting, isAbortError);
  await assert.rejects(joining, isAbortError);
  assert.equal(child.isAlive(), true);
  go.set();
  assert.equal(await result.get(30_000), true);
  await child.join({ timeout: 30_000 });
  assert.equal(child.exitcode, 0);
  assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
});

test('ThreadPool: an aborted map stops the worker thread running its chunk and replaces it', T, async () => {
  await using pool = new ThreadPool(1);
  const started = RawArray('i', 1);
  const controller = new AbortController();
  const mapping = pool.starmap(fixtures.markAndSleep, [[1, started, 20_000], [2, started, 20_000]], { chunksize: 1, signal: controller.signal });
  await eventually(() => Atomics.load(started, 0) >= 1, 30_000);
  controller.abort();
  await assert.rejects(mapping, isAbortError);
  assert.equal(await pool.apply(t.square, [6]), 36);
  assert.equal(Atomics.load(started, 0), 1);
});

test('IMapIterator.next({ signal }) stops waiting without losing the result, which the next next() gives', T, async () => {
  await using pool = new Pool(1);
  const go = new Event();
  const results = pool.imap(fixtures.waitForEvent, [go]);
  const controller = new AbortController();
  const waiting = results.next({ timeout: 30_000, signal: controller.signal });
  controller.abort();
  await assert.rejects(waiting, isAbortError);
  go.set();
  assert.deepEqual(await results.next(30_000), { done: false, value: true });
  assert.deepEqual(await results.next(30_000), { done: true, value: undefined });
});
