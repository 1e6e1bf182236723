// The distributed Pool against a real redis-server and two real `multiproc worker` processes, each serving its own
// copy of the fixture package (two machines): results and order, spread, error classes, bad input, no keys left.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Redis } from 'ioredis';
import { eventually } from '../helpers.js';
import { connect, ImportError, ValueError, type Cluster } from '../../src/distributed/index.js';
import * as t from '../fixtures/distributed/targets.js';
import { startRedis, type RedisServer } from './redis-server.js';
import { startWorker, type WorkerProcess } from './cluster-helpers.js';

const T = { timeout: 60_000 };
const PREFIX = 'pooltest';

/** Keys under the prefix other than the workers' own heartbeat records. */
async function poolKeys(redis: Redis): Promise<string[]> {
  return (await redis.keys(`${PREFIX}:*`)).filter((key) => key !== `${PREFIX}:workers` && !key.startsWith(`${PREFIX}:worker:`));
}

describe('distributed Pool', () => {
  let server: RedisServer;
  let workers: WorkerProcess[] = [];
  let cluster: Cluster;

  before(async () => {
    server = await startRedis();
    workers = await Promise.all([startWorker({ url: server.url, prefix: PREFIX }), startWorker({ url: server.url, prefix: PREFIX })]);
    cluster = await connect({ connection: server.url, prefix: PREFIX });
  });

  after(async () => {
    await cluster?.close();
    await Promise.all(workers.map((worker) => worker.stop()));
    await server?.stop();
  });

  test('workers() lists both live workers with their host, pid and size', T, async () => {
    const listed = await cluster.workers();
    assert.deepEqual(listed.map((worker) => worker.pid).sort(), workers.map((worker) => worker.pid).sort());
    for (const worker of listed) {
      assert.equal(worker.processes, 1);
      assert.equal(typeof worker.host, 'string');
      assert.ok(worker.lastSeen instanceof Date);
    }
  });

  test('map, starmap, apply (with kwds), applyAsync: results in input order', T, async () => {
    await using pool = cluster.Pool();
    const items = Array.from({ length: 300 }, (_, i) => i);
    for (const chunksize of [undefined, 1, 7, 1000]) assert.deepEqual(await pool.map(t.square, items, chunksize), items.map((x) => x * x));
    assert.deepEqual(await pool.map(t.square, []), []);
    assert.deepEqual(await pool.starmap(t.add, [[1, 2], [3, 4]]), [3, 7]);
    assert.equal(await pool.apply(t.add, [2, 3], { times: 10 }), 50);
    const seen: number[] = [];
    const results = Array.from({ length: 50 }, (_, i) => pool.applyAsync(t.slowSquare, [i], { callback: (value) => seen.push(value) }));
    const values = await Promise.all(results.map((result) => result.get(30_000)));
    assert.deepEqual(values, items.slice(0, 50).map((x) => x * x));
    assert.deepEqual(seen.sort((a, b) => a - b), values);
    assert.ok(results.every((result) => result.ready() && result.successful()));
  });

  test('mapAsync reports progress; a class instance argument comes back as its class', T, async () => {
    await using pool = cluster.Pool();
    const progress: number[] = [];
    const result = pool.mapAsync(t.square, [1, 2, 3, 4], { chunksize: 1, progress: (done) => progress.push(done) });
    assert.deepEqual(await result.get(30_000), [1, 4, 9, 16]);
    assert.deepEqual(progress, [1, 2, 3, 4]);
    const moved = await pool.apply(t.movePoint, [new t.Point(1, 2)]);
    assert.ok(moved instanceof t.Point);
    assert.equal(moved.norm1(), 5);
  });

  test('chunks spread over both workers (each runs its own copy of the code)', T, async () => {
    await using pool = cluster.Pool();
    const where = await pool.map(t.whereRun, Array.from({ length: 40 }, (_, i) => i), 1);
    const roots = new Set(where);
    assert.deepEqual([...roots].sort(), workers.map((worker) => new URL('targets.ts', `file://${worker.root}/`).href).sort());
  });

  test('imap is lazy over an endless input and ordered; imapUnordered yields every result', T, async () => {
    await using pool = cluster.Pool();
    let read = 0;
    function* naturals() {
      for (let i = 0; ; i++) {
        read++;
        yield i;
      }
    }
    const got: number[] = [];
    for await (const value of pool.imap(t.square, naturals(), 3)) {
      got.push(value);
      if (got.length === 30) break;
    }
    assert.deepEqual(got, Array.from({ length: 30 }, (_, i) => i * i));
    assert.ok(read < 500, `read ${read} items of an endless input`);
    const unordered: number[] = [];
    for await (const value of pool.imapUnordered(t.slowSquare, [1, 2, 3, 4, 5, 6])) unordered.push(value);
    assert.deepEqual(unordered.sort((a, b) => a - b), [1, 4, 9, 16, 25, 36]);
  });

  test('errors keep their class: a built-in error, an exported error class with its properties', T, async () => {
    await using pool = cluster.Pool();
    await assert.rejects(pool.map(t.failOn, [1, 2, 3], 1), (error: unknown) => error instanceof RangeError && error.message === 'three is not allowed');
    const failure = await pool.apply(t.failOn, [5]).catch((error: unknown) => error);
    assert.ok(failure instanceof t.QuotaError, `got ${String(failure)}`);
    assert.equal((failure as t.QuotaError).quota, 5);
  });

  test('bad input is a TypeError at the caller and nothing is enqueued', T, async () => {
    await using pool = cluster.Pool();
    assert.throws(() => pool.mapAsync(t.hidden[0], [1]), TypeError);
    await assert.rejects(pool.map(t.hidden[0], [1]), TypeError);
    assert.throws(() => pool.applyAsync((x: number) => x, [1]), TypeError);
    assert.throws(() => pool.applyAsync(t.square, [() => 1]), /args\[0\]/);
    assert.throws(() => pool.mapAsync(t.square, [1, Symbol('s') as never]), TypeError);
    assert.throws(() => pool.mapAsync(t.square, [1], { chunksize: 0 }), ValueError);
    await new Promise((resolve) => setTimeout(resolve, 50));
    // BullMQ creates a queue's job counter and wait list with its first job.
    const jobKeys = (await poolKeys(cluster.redis)).filter((key) => key.includes(`:pool-${pool.id}:`) && /:(id|wait|events)$/.test(key));
    assert.deepEqual(jobKeys, []);
  });

  test('close() then join() ends the pool and leaves no key in Redis; submitting after close is ValueError', T, async () => {
    const pool = cluster.Pool();
    assert.deepEqual(await pool.map(t.square, [1, 2, 3]), [1, 4, 9]);
    pool.close();
    assert.throws(() => pool.mapAsync(t.square, [1]), /Pool not running/);
    await pool.join();
    assert.deepEqual(await poolKeys(cluster.redis), []);
  });

  test('terminate() mid-map rejects the map, removes waiting jobs and leaves no key', T, async () => {
    const pool = cluster.Pool();
    const pending = pool.map(t.spin, Array.from({ length: 40 }, () => 50), 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    pool.terminate();
    await assert.rejects(pending, /terminated/);
    await pool.join();
    assert.deepEqual(await poolKeys(cluster.redis), []);
  });

  test("a pool whose caller vanished (its liveness key expired) is removed by the workers", T, async () => {
    const pool = cluster.Pool();
    assert.deepEqual(await pool.map(t.square, [1, 2]), [1, 4]);
    const queueKeys = () => cluster.redis.keys(`${PREFIX}:pool-${pool.id}:*`);
    assert.notDeepEqual(await queueKeys(), []);
    await cluster.redis.del(`${PREFIX}:pool:${pool.id}`); // what its expiry does when the caller is gone
    await eventually(async () => (await queueKeys()).length === 0, 20_000);
    pool.terminate();
    await pool.join();
  });
});
