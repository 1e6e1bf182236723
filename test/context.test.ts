// getContext(): the whole API bound to one start method, as Python's contexts are.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getContext, Queue, Lock, Pool } from '../src/index.js';
import * as t from './fixtures/pool.js';

test('a context binds Process and Pool to its start method and offers the rest of the API', { timeout: 60_000 }, async () => {
  const thread = getContext('thread');
  assert.equal(thread.getStartMethod(), 'thread');
  assert.equal(getContext('thread'), thread, 'one context per start method');
  await using pool = new thread.Pool(1);
  assert.ok(pool instanceof Pool);
  assert.equal(await pool.apply(t.pid), process.pid, 'thread-context pool workers are threads of this process');
  const spawn = getContext('spawn');
  await using processPool = new spawn.Pool({ processes: 1 });
  assert.notEqual(await processPool.apply(t.pid), process.pid);
  assert.equal(thread.Queue, Queue);
  assert.equal(thread.Lock, Lock);
  for (const name of ['JoinableQueue', 'SimpleQueue', 'Pipe', 'RLock', 'Semaphore', 'BoundedSemaphore', 'Condition', 'Event', 'Barrier', 'Value', 'RawValue', 'SharedArray', 'RawArray', 'Manager', 'cpuCount', 'activeChildren', 'currentProcess', 'setForkserverPreload']) {
    assert.equal(typeof (thread as unknown as Record<string, unknown>)[name], 'function', name);
  }
  assert.throws(() => getContext('fork'), { name: 'ValueError', message: /cannot find context for "fork"/ });
});

test("a context's Manager() starts its server with that context's start method", { timeout: 60_000 }, async () => {
  await using threaded = await getContext('thread').Manager();
  assert.equal(threaded.pid, process.pid, 'a thread-context manager serves from a thread of this process');
  const dict = await threaded.dict<string, number>();
  await dict.set('a', 1);
  assert.equal(await dict.get('a'), 1);
  await using spawned = await getContext('spawn').Manager();
  assert.notEqual(spawned.pid, process.pid);
});
