// A chunk whose workers die `attempts` times rejects with WorkerLostError (real redis-server, real workers).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkerLostError } from '../../src/distributed/index.js';
import * as t from '../fixtures/distributed/targets.js';
import { useCluster, type WorkerProcess } from './cluster-helpers.js';
import { eventually } from '../helpers.js';

const T = { timeout: 60_000 };

describe('lost workers', () => {
  const harness = useCluster();
  const { workers } = harness;
  const worker = (prefix: string, root?: string) => harness.worker({ prefix, root, lockDuration: 2000 });
  const cluster = (prefix: string) => harness.cluster(prefix);

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
