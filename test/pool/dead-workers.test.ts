// Better than Python: a worker that dies never hangs the pool. Exactly the tasks it held fail with WorkerLostError,
// a replacement starts (running the initializer), and the pool goes on.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Pool } from '../../src/pool/index.js';
import { WorkerLostError } from '../../src/errors.js';
import * as t from '../fixtures/pool.js';

describe('dead pool workers', () => {
  test('SIGKILL: the task fails with WorkerLostError naming the signal; others succeed; the pool goes on', { timeout: 60_000 }, async () => {
    await using pool = new Pool({ processes: 2, initializer: t.rememberInit, initargs: ['again'] });
    const results = await Promise.allSettled([1, 2, 3, 4].map((x) => pool.apply(t.killSelfOn, [x, 3])));
    assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    const error = (results[2] as PromiseRejectedResult).reason;
    assert.ok(error instanceof WorkerLostError);
    assert.equal(error.signal, 'SIGKILL');
    assert.equal(error.exitcode, -9);
    assert.deepEqual(await Promise.all([1, 2, 3].map(() => pool.apply(t.reportInit))), [['again'], ['again'], ['again']]);
  });

  test('process.exit(3) in a task: WorkerLostError with exit code 3', { timeout: 60_000 }, async () => {
    await using pool = new Pool(1);
    await assert.rejects(pool.apply(t.exitOn, [1, 1]), (error: unknown) => error instanceof WorkerLostError && error.exitcode === 3);
    assert.equal(await pool.apply(t.square, [5]), 25);
  });

  test('50 deaths in a row never hang the pool', { timeout: 120_000 }, async () => {
    await using pool = new Pool(2);
    for (let i = 0; i < 50; i++) {
      const [lost, fine] = await Promise.allSettled([pool.apply(t.killSelfOn, [i, i]), pool.apply(t.square, [i])]);
      assert.equal(lost.status, 'rejected');
      assert.ok((lost as PromiseRejectedResult).reason instanceof WorkerLostError);
      assert.deepEqual(fine, { status: 'fulfilled', value: i * i });
    }
  });
});
