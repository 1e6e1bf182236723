// A chunk whose workers die `attempts` times rejects with WorkerLostError (real redis-server, real workers).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, WorkerLostError, type Cluster } from '../../src/distributed/index.js';
import * as t from '../fixtures/distributed/targets.js';
import { startRedis, type RedisServer } from './redis-server.js';
import { startWorker, type WorkerProcess } from './cluster-helpers.js';
import { eventually } from '../helpers.js';

const T = { timeout: 60_000 };

describe('lost workers', () => {
  let server: RedisServer;
  const workers = new Set<WorkerProcess>();
  const clusters: Cluster[] = [];

  async function worker(prefix: string, root?: string): Promise<WorkerProcess> {
    const started = await startWorker({ url: server.url, prefix, root, lockDuration: 2000 });
    workers.add(started);
    return started;
  }

  async function cluster(prefix: string): Promise<Cluster> {
    const opened = await connect({ connection: server.url, prefix });
    clusters.push(opened);
    return opened;
  }

  before(async () => {
    server = await startRedis();
  });

  after(async () => {
    for (const opened of clusters) await opened.close();
    await Promise.all([...workers].map((started) => started.stop()));
    const client = await cluster('check');
    try {
      assert.equal(await client.redis.dbsize(), 0, `keys left: ${(await client.redis.keys('*')).join(' ')}`);
    } finally {
      await client.close();
      await server?.stop();
    }
  });

  test('after `attempts` lost workers the chunk rejects with WorkerLostError', T, async () => {
    const pair = await Promise.all([worker('lost'), worker('lost')]);
    const remote = await cluster('lost');
    await using pool = remote.Pool({ attempts: 1 });
    const pending = pool.apply(t.spin, [20_000]).catch((error: unknown) => error);
    // The heartbeat says which worker holds the chunk: kill that one; the other takes the chunk over and gives up.
    let holder: WorkerProcess | undefined;
    await eventually(async () => {
      const busy = (await remote.workers()).find((info) => info.busy > 0);
      holder = pair.find((started) => started.pid === busy?.pid);
      return holder !== undefined;
    }, 20_000);
    await holder!.kill();
    workers.delete(holder!);
    const failure = await pending;
    assert.ok(failure instanceof WorkerLostError, `got ${String(failure)}`);
    assert.match((failure as Error).message, /attempts: 1/);
  });
});
