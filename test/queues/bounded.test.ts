// Bounded queues whose items do not all fit in the ring at once: a producer blocked in putSync() (or busy after it)
// must not hold counted items in its private outbox where no consumer can reach them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getContext } from '../../src/context.js';
import { Queue } from '../../src/queues/index.js';
import { Event } from '../../src/sync/index.js';
import * as targets from '../fixtures/queues.js';

const T = { timeout: 90_000 };

for (const method of ['spawn', 'thread'] as const) {
  test(`Queue(64) with ~34 KB items: a putSync() producer (${method}) that stays busy afterwards delivers all 200 items`, T, async () => {
    const queue = new Queue<{ i: number; pad: string }>(64);
    const done = new Event();
    const producer = new (getContext(method).Process)({ target: targets.putSyncThenStayBusy, args: [queue, 200, 34_000, done] });
    producer.start();
    const received: number[] = [];
    try {
      for (let n = 0; n < 200; n++) received.push((await queue.get({ timeout: 20_000 })).i);
    } finally {
      done.set();
      await producer.join(30_000);
      if (producer.exitcode === null) producer.kill();
    }
    assert.deepEqual(received, Array.from({ length: 200 }, (_, i) => i));
    assert.equal(queue.qsize(), 0);
    assert.equal(producer.exitcode, 0);
    queue.close();
  });
}

test('putSync() on a bounded queue with a timeout returns Full when no room was counted in time', T, () => {
  const queue = new Queue<string>(2);
  queue.putSync('a');
  queue.putSync('b');
  assert.throws(() => queue.putSync('c', { timeout: 50 }), { name: 'Full' });
  assert.equal(queue.getSync({ timeout: 1000 }), 'a');
  queue.close();
});
