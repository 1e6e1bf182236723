// Shared objects made from the cluster handle (cluster.Queue(name), cluster.dict(name), cluster.Lock(name) …) against a
// real redis-server: shared by name between connections, carried inside distributed pool tasks to real
// `multiproc worker` processes, freed from a dead holder by the lock's expiry, and nothing left in Redis afterwards.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, Dict, ValueError } from '../../src/distributed/index.js';
import { Process } from '../../src/process/index.js';
import * as t from '../fixtures/distributed/targets.js';
import { holdClusterLock } from '../fixtures/distributed-cluster-lock.js';
import { useCluster } from './cluster-helpers.js';

const T = { timeout: 60_000 };

describe('shared objects on the cluster handle', () => {
  const harness = useCluster();
  const cluster = (prefix: string) => harness.cluster(prefix);

  test('a Queue, a dict and a Lock from cluster.X(name) are the same objects on two connect() handles', T, async () => {
    const a = await cluster('shared');
    const b = await cluster('shared');
    const queue = a.Queue<unknown>('jobs', { maxsize: 2 });
    await queue.put(new Map([[1, new Set([2n])]]));
    await queue.put(new Date(3));
    assert.deepEqual(await b.Queue('jobs').get({ timeout: 10_000 }), new Map([[1, new Set([2n])]]));
    assert.deepEqual(await b.Queue('jobs').get({ timeout: 10_000 }), new Date(3));

    await a.dict<string, number[]>('scores').set('ann', [1, 2]);
    assert.deepEqual(await b.dict<string, number[]>('scores').get('ann'), [1, 2]);

    const held = a.Lock('door', { ttl: 10_000 });
    assert.equal(await held.acquire(), true);
    const other = b.Lock('door');
    assert.equal(await other.acquire({ block: false }), false, 'the other connection sees the lock held');
    await held.release();
    assert.equal(await other.acquire({ timeout: 10_000 }), true);
    assert.ok(other.token! > 0);
    await other.release();

    await Promise.all([queue.unlink(), a.dict('scores').unlink(), held.unlink()]);
    assert.deepEqual(await a.redis.keys('shared:*'), []);
  });

  test('a Queue and a dict inside distributed pool.map arguments reach real workers: their puts and sets arrive here', T, async () => {
    await Promise.all([harness.worker({ prefix: 'tasks' }), harness.worker({ prefix: 'tasks' })]);
    const c = await cluster('tasks');
    const results = c.Queue<number>('results');
    const squares = c.dict<number, number>('squares');
    const xs = [1, 2, 3, 4, 5, 6, 7, 8];
    {
      await using pool = c.Pool();
      const returned = await pool.map(t.recordOnCluster, xs.map((x) => ({ results, squares, x })), 1);
      assert.ok(returned.every((dict) => dict instanceof Dict && dict.name === 'squares'), 'a returned dict is a handle to the same dict');
      assert.equal(await (returned[0] as unknown as Dict<number, number>).get(8), 64);
    }
    const got: number[] = [];
    for (const _ of xs) got.push(await results.get({ timeout: 10_000 }));
    assert.deepEqual(got.sort((p, q) => p - q), xs.map((x) => x * x));
    assert.deepEqual(new Map([...(await squares.copy())].sort((p, q) => p[0] - q[0])), new Map(xs.map((x) => [x, x * x])));
    await Promise.all([results.unlink(), squares.unlink()]);
    await harness.stopWorkers();
    assert.deepEqual(await c.redis.keys('tasks:*'), [], 'nothing of the pool, the objects or the stopped workers is left');
  });

  test('a worker opens received objects on its own connection and user, and the caller those in results on its handle, never at the address a message names', T, async () => {
    // Two Redis users: a worker that followed the caller's address would log in as the caller without a password.
    const admin = await cluster('acl');
    await admin.redis.call('ACL', 'SETUSER', 'caller', 'on', '>caller-secret', '~*', '&*', '+@all');
    await admin.redis.call('ACL', 'SETUSER', 'worker', 'on', '>worker-secret', '~*', '&*', '+@all');
    const serverAddress = harness.server.url.slice('redis://'.length);
    await harness.worker({ url: `redis://worker:worker-secret@${serverAddress}`, prefix: 'acl' });
    const c = await connect({ connection: `redis://caller:caller-secret@${serverAddress}`, prefix: 'acl' });
    harness.clusters.push(c);
    const results = c.Queue<number>('results');
    const squares = c.dict<number, number>('squares');
    {
      await using pool = c.Pool();
      const [returned] = await pool.map(t.recordOnCluster, [2, 3].map((x) => ({ results, squares, x })), 1);
      // It comes back carrying the worker's address and user: the caller opens it on its own handle all the same.
      assert.equal(await (returned as unknown as Dict<number, number>).get(2), 4);
    }
    assert.deepEqual([await results.get({ timeout: 10_000 }), await results.get({ timeout: 10_000 })].sort(), [4, 9]);
    assert.equal(await squares.get(3), 9);
    await Promise.all([results.unlink(), squares.unlink()]);
    await harness.stopWorkers();
    await admin.redis.call('ACL', 'DELUSER', 'caller', 'worker');
  });

  test('the lock of a SIGKILLed holder frees itself after its ttl: another connection takes it with a larger token', T, async () => {
    const c = await cluster('expiry');
    const holder = new Process({ target: holdClusterLock, args: [harness.server.url, 'expiry', 'door', 1500] });
    holder.start();
    try {
      const heldToken = await c.Queue<number>('door-token').get({ timeout: 30_000 });
      const lock = c.Lock('door', { ttl: 10_000 });
      assert.equal(await lock.acquire({ block: false }), false, 'the holder has it');
      holder.kill();
      await holder.join(10_000);
      assert.equal(await lock.acquire({ timeout: 20_000 }), true, 'the dead holder\'s lock expired');
      assert.ok(lock.token! > heldToken, 'the fencing token grew');
      await lock.release();
      await Promise.all([lock.unlink(), c.Queue('door-token').unlink()]);
    } finally {
      holder.kill();
      await holder.join(10_000);
    }
    assert.deepEqual(await c.redis.keys('expiry:*'), []);
  });

  test('a closed handle refuses new objects with ValueError; bad names are a TypeError', T, async () => {
    const c = await connect({ connection: harness.server.url, prefix: 'closed' });
    assert.throws(() => c.dict('has space'), TypeError);
    await c.close();
    assert.throws(() => c.Queue('q'), (error) => error instanceof ValueError && /closed/.test(error.message));
  });
});
