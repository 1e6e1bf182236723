// Failures of the distributed Pool against a real redis-server and real workers: Redis SIGKILLed and restarted, a
// worker SIGKILLed mid-map, a worker stopped with SIGTERM while it holds a chunk.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Cluster } from '../../src/distributed/index.js';
import * as t from '../fixtures/distributed/targets.js';
import { useCluster, type WorkerProcess } from './cluster-helpers.js';
import { eventually } from '../helpers.js';

const T = { timeout: 60_000 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('distributed Pool failures', () => {
  const harness = useCluster();
  const { workers } = harness;
  const worker = (prefix: string, root?: string) => harness.worker({ prefix, root, lockDuration: 2000 });
  const cluster = (prefix: string) => harness.cluster(prefix);

  describe('a pool over two workers (the tests run in order: Redis restart, a worker killed, the other stopped)', () => {
    let pair: WorkerProcess[];
    let remote: Cluster;

    before(async () => {
      pair = await Promise.all([worker('two'), worker('two')]);
      remote = await cluster('two');
    });

    test('Redis SIGKILLed and restarted mid-map (AOF on): the map completes', T, async () => {
      await using pool = remote.Pool();
      const pending = pool.map(t.spin, range(30).map(() => 50), 1);
      await sleep(400);
      await harness.server.kill();
      await sleep(300);
      await harness.server.restart();
      assert.deepEqual(await pending, range(30).map(() => 50));
    });

    test('a worker SIGKILLed mid-map: its chunks are taken over and the map completes, each result once', T, async () => {
      await using pool = remote.Pool();
      const pending = pool.map(t.spin, range(24).map(() => 100), 1);
      await sleep(600);
      await pair[0].kill();
      workers.delete(pair[0]);
      assert.deepEqual(await pending, range(24).map(() => 100));
    });

    test('SIGTERM: the worker finishes the chunks it holds, leaves the workers list and exits 0', T, async () => {
      await using pool = remote.Pool();
      const pending = pool.map(t.spin, [800, 800], 2); // one chunk, held by the one worker left
      await eventually(async () => (await remote.workers()).some((info) => info.pid === pair[1].pid && info.busy > 0), 20_000);
      const stopping = pair[1].stop();
      assert.deepEqual(await pending, [800, 800]);
      assert.equal(await stopping, 0);
      workers.delete(pair[1]);
      assert.ok(!(await remote.workers()).some((info) => info.pid === pair[1].pid));
    });
  });
});
