// Queues between processes and threads: the seed's producer/consumer with a null sentinel, a child and the parent
// both putting, 3 producers × 3 consumers, a producer exiting right after putting large items, queues passed through
// queues, worker threads as producers and consumers.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Process } from '../../src/process/index.js';
import { getContext } from '../../src/context.js';
import { Queue } from '../../src/queues/index.js';
import * as targets from '../fixtures/queues.js';

const T = { timeout: 60_000 };
const JOIN = 30_000;

async function finish(...processes: Process[]): Promise<void> {
  for (const p of processes) {
    await p.join(JOIN);
    if (p.exitcode === null) p.kill();
    assert.equal(p.exitcode, 0, `${p.name} exit code`);
  }
}

describe('Queue between processes', () => {
  test('seed: producer process puts items then null; consumer process gets until null', T, async () => {
    const q = new Queue<unknown>();
    const results = new Queue<unknown[]>();
    const items = [1, 'two', { three: [3] }, new Map([[4, 4n]]), new Date(5)];
    const consumer = new Process({ target: targets.consume, args: [q, results] });
    const producer = new Process({ target: targets.produce, args: [q, items] });
    consumer.start();
    producer.start();
    assert.deepEqual(await results.get({ timeout: JOIN }), items);
    await finish(producer, consumer);
    q.close();
    results.close();
  });

  test('seed: the parent produces and sends the null sentinel itself', T, async () => {
    const q = new Queue<unknown>();
    const results = new Queue<unknown[]>();
    const consumer = new Process({ target: targets.consume, args: [q, results] });
    consumer.start();
    for (let i = 0; i < 100; i++) await q.put(i);
    await q.put(null);
    assert.deepEqual(await results.get({ timeout: JOIN }), Array.from({ length: 100 }, (_, i) => i));
    await finish(consumer);
    q.close();
    results.close();
  });

  test('a child and the parent both put; the parent gets everything; qsize counts', T, async () => {
    const q = new Queue<unknown>();
    const child = new Process({ target: targets.produce, args: [q, ['c1', 'c2', 'c3'], false] });
    child.start();
    q.putNowait('p1');
    q.putNowait('p2');
    await finish(child);
    assert.equal(q.qsize(), 5);
    const got: unknown[] = [];
    for (let i = 0; i < 5; i++) got.push(await q.get({ timeout: 5000 }));
    assert.deepEqual(got.filter((x) => String(x).startsWith('c')), ['c1', 'c2', 'c3']);
    assert.deepEqual(got.filter((x) => String(x).startsWith('p')), ['p1', 'p2']);
    assert.equal(q.qsize(), 0);
    assert.equal(q.empty(), true);
    q.close();
  });

  test('3 producers × 3 consumers × 3000 items each: none lost or doubled, per-producer order kept', T, async () => {
    const N = 3000;
    const q = new Queue<unknown>(500);
    const results = new Queue<unknown[]>();
    const consumers = [0, 1, 2].map((i) => new Process({ target: i === 0 ? targets.consumeSync : targets.consume, args: [q, results] }));
    const producers = [0, 1, 2].map((id) => new Process({ target: targets.produceNumbered, args: [q, id, N] }));
    for (const p of [...consumers, ...producers]) p.start();
    await finish(...producers);
    for (let i = 0; i < 3; i++) await q.put(null);
    const batches: unknown[][] = [];
    for (let i = 0; i < 3; i++) batches.push(await results.get({ timeout: JOIN }));
    await finish(...consumers);
    const seen = new Set<string>();
    for (const batch of batches) {
      const last = [-1, -1, -1];
      for (const [id, i] of batch as [number, number][]) {
        assert.ok(i > last[id], `producer ${id}: ${i} after ${last[id]} in one consumer`);
        last[id] = i;
        const key = `${id}:${i}`;
        assert.ok(!seen.has(key), `doubled ${key}`);
        seen.add(key);
      }
    }
    assert.equal(seen.size, 3 * N);
    q.close();
    results.close();
  });

  test('a producer that exits right after putting large unbounded items loses nothing', T, async () => {
    const q = new Queue<Buffer>(0, { capacity: 64 * 1024 });
    const count = 40;
    const size = 200 * 1024; // 8 MB in all: far beyond the ring, mixed inline-unfit and side-segment items
    const producer = new Process({ target: targets.putLargeAndExit, args: [q, count, size] });
    producer.start();
    for (let k = 0; k < count; k++) {
      const item = await q.get({ timeout: JOIN });
      assert.equal(item.length, size);
      assert.equal(item[0], k % 256);
      assert.equal(item[size - 1], k % 256);
    }
    await finish(producer);
    q.close();
  });

  test('a queue sent through a queue is the same queue', T, async () => {
    const mailbox = new Queue<Queue<string>>();
    const replies = new Queue<string>();
    const child = new Process({ target: targets.answerThroughReceivedQueue, args: [mailbox] });
    child.start();
    await mailbox.put(replies);
    assert.match(await replies.get({ timeout: JOIN }), /hello/);
    await finish(child);
    mailbox.close();
    replies.close();
  });

  test('worker threads as producers and consumers (thread start method)', T, async () => {
    const { Process: Thread } = getContext('thread');
    const q = new Queue<unknown>(100);
    const results = new Queue<unknown[]>();
    const consumer = new Thread({ target: targets.consumeSync, args: [q, results] });
    const producers = [0, 1].map((id) => new Thread({ target: targets.produceNumbered, args: [q, id, 1000] }));
    consumer.start();
    for (const p of producers) p.start();
    await finish(...producers);
    await q.put(null);
    const batch = (await results.get({ timeout: JOIN })) as [number, number][];
    await finish(consumer);
    assert.equal(batch.length, 2000);
    for (const id of [0, 1]) assert.deepEqual(batch.filter(([p]) => p === id).map(([, i]) => i), Array.from({ length: 1000 }, (_, i) => i));
    q.close();
    results.close();
  });
});
