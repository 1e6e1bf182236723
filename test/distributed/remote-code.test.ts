// Targets across machines: a worker whose copy of the code lacks the target's module, or holds another version of
// it, fails the task at once with an ImportError naming the module, its host and why.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, ImportError, type Cluster } from '../../src/distributed/index.js';
import * as t from '../fixtures/distributed/targets.js';
import { onlyOnCaller } from '../fixtures/distributed/extra.js';
import { startRedis, type RedisServer } from './redis-server.js';
import { copyOfCode, startWorker, type WorkerProcess } from './cluster-helpers.js';

const T = { timeout: 60_000 };

describe('a worker with different code', () => {
  let server: RedisServer;
  const workers = new Set<WorkerProcess>();
  let remote: Cluster | undefined;

  async function worker(prefix: string, root?: string): Promise<WorkerProcess> {
    const started = await startWorker({ url: server.url, prefix, root, lockDuration: 2000 });
    workers.add(started);
    return started;
  }

  before(async () => {
    server = await startRedis();
  });

  after(async () => {
    await remote?.close();
    await Promise.all([...workers].map((started) => started.stop()));
    await server?.stop();
  });

  test('a worker without the module, or with another version of it: ImportError naming module, host and why, at once', T, async () => {
    // One machine whose copy of the code lacks extra.ts and holds another version of version().
    using copy = copyOfCode();
    rmSync(`${copy.root}/extra.ts`);
    const file = `${copy.root}/targets.ts`;
    writeFileSync(file, readFileSync(file, 'utf8').replace('return 1;', 'return 2;'));
    const served = await worker('code', copy.root);
    remote = await connect({ connection: server.url, prefix: 'code' });
    await using pool = remote.Pool();
    const missing = await pool.apply(onlyOnCaller, [1]).catch((error: unknown) => error);
    assert.ok(missing instanceof ImportError, `got ${String(missing)}`);
    assert.match((missing as Error).message, /'extra\.ts' on worker \S+: no such file/);
    assert.match((missing as Error).message, new RegExp(`worker ${(await remote.workers())[0].host}`));
    const differs = await pool.apply(t.version, []).catch((error: unknown) => error);
    assert.ok(differs instanceof ImportError, `got ${String(differs)}`);
    assert.match((differs as Error).message, /'targets\.ts'.*differs/);
    assert.deepEqual(await pool.map(t.square, [2]), [4], 'the unchanged exports of the module still run');
    await served.stop();
    workers.delete(served);
  });
});
