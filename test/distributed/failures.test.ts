// Failures of the distributed Pool against a real redis-server and real workers: Redis unreachable, a target the
// worker does not have or holds in another version, a worker SIGKILLed mid-map, Redis SIGKILLed and restarted.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { connect, ConnectionError, ImportError, WorkerLostError, type Cluster } from '../../src/distributed/index.js';
import * as t from '../fixtures/distributed/targets.js';
import { onlyOnCaller } from '../fixtures/distributed/extra.js';
import { freePort, startRedis, type RedisServer } from './redis-server.js';
import { copyOfCode, startWorker, type WorkerProcess } from './cluster-helpers.js';

const T = { timeout: 60_000 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('connect() when Redis cannot be reached', () => {
  test('a port nobody listens on: ConnectionError naming the address', T, async () => {
    const port = await freePort();
    await assert.rejects(connect({ connection: `redis://127.0.0.1:${port}`, connectTimeout: 1000 }), (error: unknown) =>
      error instanceof ConnectionError && error.message.includes(`127.0.0.1:${port}`));
  });

  test('a server that never answers: ConnectionError once connectTimeout has passed, not a hang', T, async () => {
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    try {
      const started = Date.now();
      await assert.rejects(connect({ connection: `redis://127.0.0.1:${port}`, connectTimeout: 500 }), ConnectionError);
      const waited = Date.now() - started;
      assert.ok(waited >= 450 && waited < 10_000, `rejected after ${waited} ms`);
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });

  test('bad options are TypeError / ValueError before any connection', async () => {
    await assert.rejects(connect(undefined as never), TypeError);
    await assert.rejects(connect({ connection: 'http://x' }), /redis:\/\//);
    await assert.rejects(connect({ connection: 'redis://127.0.0.1:1', connectTimeout: -1 }), /connectTimeout/);
  });
});

describe('distributed Pool failures', () => {
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

  test('a target whose module the worker does not have: ImportError naming module and host, at once', T, async () => {
    using copy = copyOfCode();
    rmSync(`${copy.root}/extra.ts`);
    const served = await worker('missing', copy.root);
    const remote = await cluster('missing');
    await using pool = remote.Pool();
    const failure = await pool.apply(onlyOnCaller, [1]).catch((error: unknown) => error);
    assert.ok(failure instanceof ImportError, `got ${String(failure)}`);
    assert.match((failure as Error).message, /'extra\.ts'/);
    assert.match((failure as Error).message, /no such file/);
    assert.match((failure as Error).message, new RegExp(`worker ${(await remote.workers())[0].host}`));
    await served.stop();
    workers.delete(served);
  });

  test('a target whose source differs on the worker: ImportError saying so, no retry', T, async () => {
    using copy = copyOfCode();
    const file = `${copy.root}/targets.ts`;
    writeFileSync(file, readFileSync(file, 'utf8').replace('return 1;', 'return 2;'));
    const served = await worker('mismatch', copy.root);
    const remote = await cluster('mismatch');
    await using pool = remote.Pool();
    const failure = await pool.apply(t.version, []).catch((error: unknown) => error);
    assert.ok(failure instanceof ImportError, `got ${String(failure)}`);
    assert.match((failure as Error).message, /'targets\.ts'.*differs/);
    assert.deepEqual(await pool.map(t.square, [2]), [4], 'the other exports of the module still run');
    await served.stop();
    workers.delete(served);
  });

  test('a worker SIGKILLed mid-map: its chunks are taken over and the map completes, each result once', T, async () => {
    const [doomed] = await Promise.all([worker('kill'), worker('kill')]);
    const remote = await cluster('kill');
    await using pool = remote.Pool();
    const pending = pool.map(t.spin, range(24).map(() => 100), 1);
    await sleep(600);
    await doomed.kill();
    workers.delete(doomed);
    assert.deepEqual(await pending, range(24).map(() => 100));
  });

  test('after `attempts` lost workers the chunk rejects with WorkerLostError', T, async () => {
    const first = await worker('lost');
    const remote = await cluster('lost');
    await using pool = remote.Pool({ attempts: 1 });
    const pending = pool.apply(t.spin, [20_000]).catch((error: unknown) => error);
    await sleep(800);
    await first.kill();
    workers.delete(first);
    await worker('lost');
    const failure = await pending;
    assert.ok(failure instanceof WorkerLostError, `got ${String(failure)}`);
    assert.match((failure as Error).message, /attempts: 1/);
  });

  test('SIGTERM: the worker finishes the chunks it holds, leaves the workers list and exits 0', T, async () => {
    const served = await worker('sigterm');
    const remote = await cluster('sigterm');
    await using pool = remote.Pool();
    const pending = pool.map(t.spin, [800, 800], 2); // one chunk, held by this worker
    await sleep(400);
    const stopping = served.stop();
    assert.deepEqual(await pending, [800, 800]);
    assert.equal(await stopping, 0);
    workers.delete(served);
    assert.deepEqual(await remote.workers(), []);
  });

  test('Redis SIGKILLed and restarted mid-map (AOF on): the map completes', T, async () => {
    await Promise.all([worker('restart'), worker('restart')]);
    const remote = await cluster('restart');
    await using pool = remote.Pool();
    const pending = pool.map(t.spin, range(30).map(() => 50), 1);
    await sleep(400);
    await server.kill();
    await sleep(300);
    await server.restart();
    assert.deepEqual(await pending, range(30).map(() => 50));
  });
});
