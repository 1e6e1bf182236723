// JoinableQueue (the seed: two daemon consumers, join() in the parent; CPython's task_done cases) and SimpleQueue.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ValueError } from '../../src/errors.js';
import { Process } from '../../src/process/index.js';
import { JoinableQueue, Queue, SimpleQueue } from '../../src/queues/index.js';
import * as targets from '../fixtures/queues.js';

const T = { timeout: 60_000 };

describe('JoinableQueue', () => {
  test('seed: two daemon consumers; join() in the parent returns once every item is done', T, async () => {
    const q = new JoinableQueue<number>();
    const done = new Queue<number>();
    const workers = [0, 1].map(() => new Process({ target: targets.joinableWorker, args: [q, done], daemon: true }));
    for (const w of workers) w.start();
    for (let i = 0; i < 50; i++) await q.put(i);
    const joined = q.join();
    const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error('join() did not return')), 30_000).unref());
    await Promise.race([joined, timeout]);
    assert.equal(done.qsize(), 50, 'every item was processed before join() returned');
    const results: number[] = [];
    for (let i = 0; i < 50; i++) results.push(await done.get({ timeout: 5000 }));
    assert.deepEqual(results.sort((a, b) => a - b), Array.from({ length: 50 }, (_, i) => i * 10));
    for (const w of workers) {
      w.terminate();
      await w.join(10_000);
    }
    q.close();
    done.close();
  });

  test('taskDone too many times → ValueError; join/joinSync return at once when nothing is unfinished', T, async () => {
    const q = new JoinableQueue<string>();
    assert.throws(() => q.taskDone(), (error: Error) => error instanceof ValueError && error.message === 'task_done() called too many times');
    await q.join();
    q.joinSync();
    q.putNowait('a');
    q.putNowait('b');
    assert.equal(await q.get(), 'a');
    q.taskDone();
    let joined = false;
    const joining = q.join().then(() => (joined = true));
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.equal(joined, false, 'one task still unfinished');
    assert.equal(q.getSync(), 'b');
    q.taskDone();
    await joining;
    assert.throws(() => q.taskDone(), ValueError);
    q.close();
  });
});

describe('SimpleQueue', () => {
  test('put/get/empty/close, in this process and from a child', T, async () => {
    const q = new SimpleQueue<unknown>();
    assert.equal(q.empty(), true);
    await q.put({ a: 1 });
    assert.equal(q.empty(), false);
    assert.deepEqual(await q.get(), { a: 1 });
    const child = new Process({ target: targets.simplePut, args: [q, [1, 'two', [3]]] });
    child.start();
    assert.deepEqual([await q.get(), await q.get(), await q.get()], [1, 'two', [3]]);
    await child.join(30_000);
    assert.equal(child.exitcode, 0);
    q.close();
    await assert.rejects(q.get(), /is closed/);
  });
});
