// Prefetch without its costs: a chunk is never queued behind a long task while another worker could take it, and a
// worker that dies loses only the chunk it was running — the ones queued behind it run on another worker.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Pool } from '../../src/pool/index.js';
import { WorkerLostError } from '../../src/errors.js';
import * as t from '../fixtures/pool.js';

test('tasks submitted while one worker runs a long task run on the other worker, not behind the long one', { timeout: 60_000 }, async () => {
  await using pool = new Pool(2);
  const long = pool.applyAsync(t.sleepThen, [50_000, 'long']);
  const others = [2, 3, 4].map((x) => pool.applyAsync(t.square, [x]));
  assert.deepEqual(await Promise.all(others.map((result) => result.get(30_000))), [4, 9, 16]);
  assert.equal(long.ready(), false, 'the long task still runs');
  pool.terminate();
  await assert.rejects(long.get(10_000), WorkerLostError);
});

test('a worker that dies loses only its running task; the tasks queued behind it run on its replacement', { timeout: 60_000 }, async () => {
  await using pool = new Pool(1);
  // Short chunks measured: the worker now takes chunks queued behind the one it runs (prefetch).
  assert.equal((await pool.map(t.square, Array.from({ length: 40 }, (_, i) => i), 1)).length, 40);
  const killer = pool.apply(t.killSelfOn, [1, 1]);
  const queued = [2, 3, 4].map((x) => pool.apply(t.add, [x, 0]));
  await assert.rejects(killer, (error: unknown) => error instanceof WorkerLostError && /while running this task/.test(error.message));
  assert.deepEqual(await Promise.all(queued), [2, 3, 4]);
});
