// Pool and ThreadPool: the whole API, Python's semantics, error fidelity, lazy imap.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Pool, ThreadPool } from '../../src/pool/index.js';
import { getContext } from '../../src/context.js';
import * as t from '../fixtures/pool.js';

const T = { timeout: 60_000 };

/** An endless input 0, 1, 2, … that counts how many items were read from it. */
function counted(): { items: Generator<number>; read: number } {
  const input = { items: endless(), read: 0 };
  function* endless(): Generator<number> {
    for (let i = 0; ; i++) {
      input.read++;
      yield i;
    }
  }
  return input;
}

for (const [label, make] of [
  ['Pool (spawn)', () => new Pool(2)],
  ['ThreadPool', () => new ThreadPool(2)],
] as const) {
  describe(label, () => {
    let pool: Pool;
    before(() => {
      pool = make();
    });
    after(async () => {
      pool.terminate();
      await pool.join();
    });

    test('apply, applyAsync in a loop then get each, map, starmap (the seeds)', T, async () => {
      assert.equal(await pool.apply(t.add, [2, 3]), 5);
      const results = [1, 2, 3, 4].map((i) => pool.applyAsync(t.square, [i]));
      const values = [];
      for (const result of results) values.push(await result.get(30_000));
      assert.deepEqual(values, [1, 4, 9, 16]);
      assert.deepEqual(await pool.map(t.square, [1, 2, 3, 4]), [1, 4, 9, 16]);
      assert.deepEqual(await pool.starmap(t.add, [[1, 2], [3, 4]]), [3, 7]);
      assert.equal(await pool.apply(t.withKwargs, [3], { scale: 10 }), 30);
    });

    test('map: every chunksize gives input order; empty input gives []; async iterables work', T, async () => {
      const items = Array.from({ length: 257 }, (_, i) => i);
      for (const chunksize of [1, 7, 100, 1000]) assert.deepEqual(await pool.map(t.square, items, chunksize), items.map((x) => x * x));
      assert.deepEqual(await pool.map(t.square, []), []);
      async function* numbers() {
        for (let i = 0; i < 5; i++) yield i;
      }
      assert.deepEqual(await pool.map(t.square, numbers()), [0, 1, 4, 9, 16]);
      assert.deepEqual(await pool.map(t.slowSquare, [1, 2, 3]), [1, 4, 9], 'async targets are awaited in the worker');
    });

    test('map: lists of numbers of every kind travel exact, as do lists that mix numbers with other values', T, async () => {
      const edges = [0, -0, 1, -1, 2 ** 31 - 1, -(2 ** 31), 2 ** 31, -(2 ** 31) - 1, 0.5, -1e-300, 1e300, Number.MAX_SAFE_INTEGER, NaN, Infinity, -Infinity];
      const numbers = Array.from({ length: 64 }, (_, i) => edges[i % edges.length]);
      const integers = Array.from({ length: 64 }, (_, i) => i - 32);
      for (const items of [numbers, integers]) {
        for (const chunksize of [16, 64]) {
          const back = (await pool.map(t.same, items, chunksize)) as number[];
          assert.equal(back.length, items.length);
          items.forEach((item, i) => assert.ok(Object.is(back[i], item), `item ${i}: sent ${item}, got ${back[i]}`));
          // What the worker saw: -0 stays -0 there too, numbers stay numbers.
          const seen = (await pool.map(t.describeNumber, items, chunksize)) as [string, number][];
          items.forEach((item, i) => assert.equal(seen[i][0], Object.is(item, -0) ? '-0' : 'number'));
        }
      }
      const mixed = [...integers, 'x', null, 1n, undefined];
      assert.deepEqual(await pool.map(t.same, mixed, 100), mixed);
    });

    test('imap keeps input order over 1000 items in chunks of 100; imapUnordered gives them all', T, async () => {
      const items = Array.from({ length: 1000 }, (_, i) => i);
      const ordered: number[] = [];
      for await (const value of pool.imap(t.square, items, 100)) ordered.push(value);
      assert.deepEqual(ordered, items.map((x) => x * x));
      const unordered: number[] = [];
      for await (const value of pool.imapUnordered(t.square, items, 10)) unordered.push(value);
      assert.deepEqual(unordered.sort((a, b) => a - b), items.map((x) => x * x));
    });

    test('imap reads an endless generator lazily, with bounded read-ahead', T, async () => {
      const input = counted();
      const out: number[] = [];
      for await (const value of pool.imap(t.square, input.items)) {
        out.push(value);
        if (out.length === 20) break;
      }
      assert.deepEqual(out, Array.from({ length: 20 }, (_, i) => i * i));
      assert.ok(input.read < 100, `read ${input.read} items ahead`);
    });

    test('imap holds an endless input back while its consumer is slower than the workers', T, async () => {
      const input = counted();
      const iterator = pool.imap(t.square, input.items);
      for (let i = 0; i < 5; i++) assert.deepEqual(await iterator.next(), { done: false, value: i * i });
      // Meanwhile the workers finish all they were handed: what they return waits for the consumer, and counts.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const readAhead = 4 * 2 + 4;
      assert.ok(input.read <= 5 + readAhead + 1, `read ${input.read} items for 5 taken`);
      await iterator.return();
    });

    test('an iterable that throws mid-way: imap yields what came before, then the error', T, async () => {
      function* failing() {
        yield 1;
        yield 2;
        throw new RangeError('input broke');
      }
      const seen: number[] = [];
      await assert.rejects(async () => {
        for await (const value of pool.imap(t.square, failing())) seen.push(value);
      }, { name: 'RangeError', message: 'input broke' });
      assert.deepEqual(seen, [1, 4]);
    });

    test('errors arrive as themselves; map rejects with the first error after every chunk is done', T, async () => {
      await assert.rejects(pool.apply(t.raiseIfOdd, [3]), (error: unknown) => {
        assert.ok(error instanceof t.TaskError);
        assert.equal(error.item, 3);
        assert.match(error.stack!, /raiseIfOdd/);
        return true;
      });
      const result = pool.mapAsync(t.raiseIfOdd, [0, 1, 2, 3, 4, 5], { chunksize: 1 });
      await assert.rejects(result.get(30_000), { name: 'TaskError' });
      assert.equal(result.ready(), true);
      assert.equal(result.successful(), false);
    });

    test('a result that cannot be sent back gives MaybeEncodingError and the worker lives on', T, async () => {
      await assert.rejects(pool.apply(t.unsendableResult), { name: 'MaybeEncodingError', message: /Error sending result/ });
      assert.equal(await pool.apply(t.square, [9]), 81);
    });

    test('callbacks run once in the parent; get(timeout) → TimeoutError; successful() before ready → ValueError', T, async () => {
      const calls: unknown[] = [];
      const ok = pool.applyAsync(t.square, [6], { callback: (value) => calls.push(['ok', value]), errorCallback: (error) => calls.push(['error', error]) });
      const bad = pool.applyAsync(t.raiseIfOdd, [1], { callback: (value) => calls.push(['ok', value]), errorCallback: (error) => calls.push(['error', error.name]) });
      await ok.wait(30_000);
      await bad.wait(30_000);
      assert.deepEqual(calls.sort(), [['error', 'TaskError'], ['ok', 36]].sort());
      const slow = pool.applyAsync(t.sleepThen, [1000, 'late']);
      assert.throws(() => slow.successful(), { name: 'ValueError' });
      await assert.rejects(slow.get(50), { name: 'TimeoutError' });
      assert.equal(await slow.get(30_000), 'late');
      const mapped: unknown[] = [];
      await pool.mapAsync(t.square, [1, 2], { callback: (values) => mapped.push(values) }).wait(30_000);
      assert.deepEqual(mapped, [[1, 4]]);
    });

    test('more tasks than workers all complete', T, async () => {
      const results = await Promise.all(Array.from({ length: 12 }, (_, i) => pool.apply(t.slowSquare, [i, 20])));
      assert.deepEqual(results, Array.from({ length: 12 }, (_, i) => i * i));
    });

    test('progress reports items done out of the total', T, async () => {
      const seen: [number, number][] = [];
      await pool.mapAsync(t.square, Array.from({ length: 10 }, (_, i) => i), { chunksize: 3, progress: (done, total) => seen.push([done, total]) }).get(30_000);
      assert.equal(seen.length, 4);
      assert.deepEqual(seen.at(-1), [10, 10]);
    });

    test('unimportable functions and unsendable items are refused at the call', () => {
      assert.throws(() => pool.applyAsync(() => 1), { name: 'TypeError', message: /export it/ });
      assert.throws(() => pool.mapAsync(t.square, [1, (() => 2) as never]), { name: 'TypeError', message: /cannot send iterable\[1\]/ });
    });
  });
}

describe('Pool arguments and life cycle', () => {
  test('bad arguments: Pool(0), maxtasksperchild, initializer', () => {
    assert.throws(() => new Pool(0), { name: 'ValueError', message: 'Number of processes must be at least 1' });
    assert.throws(() => new Pool({ processes: 1, maxtasksperchild: 0 }), { name: 'ValueError' });
    assert.throws(() => new Pool({ processes: 1, initializer: 5 as never }), { name: 'TypeError' });
  });

  test('close(), join(), submit after close, join while running', T, async () => {
    const pool = new ThreadPool(1);
    assert.throws(() => pool.join(), { name: 'ValueError', message: 'Pool is still running' });
    const pending = pool.apply(t.slowSquare, [3, 50]);
    pool.close();
    assert.throws(() => pool.applyAsync(t.square, [1]), { name: 'ValueError', message: 'Pool not running' });
    assert.throws(() => pool.mapAsync(t.square, [1]), { name: 'ValueError', message: 'Pool not running' });
    assert.equal(await pending, 9, 'work submitted before close() finishes');
    await pool.join();
  });

  test('initializer runs in every worker (replacements too); maxtasksperchild recycles workers', T, async () => {
    const pool = new Pool({ processes: 2, initializer: t.rememberInit, initargs: ['ready', 1], maxtasksperchild: 2 });
    try {
      const inits = await Promise.all(Array.from({ length: 8 }, () => pool.apply(t.reportInit)));
      assert.ok(inits.every((value) => JSON.stringify(value) === JSON.stringify(['ready', 1])));
      const pids = new Set(await Promise.all(Array.from({ length: 8 }, () => pool.apply(t.pid))));
      assert.ok(pids.size >= 4, `8 tasks at 2 per worker ran in ${pids.size} processes`);
    } finally {
      pool.terminate();
      await pool.join();
    }
  });

  test('terminate() with thousands of queued long tasks returns promptly and leaves no worker', T, async () => {
    const pool = new Pool(2);
    const results = Array.from({ length: 3000 }, () => pool.applyAsync(t.sleepThen, [10_000, null]));
    await new Promise((resolve) => setTimeout(resolve, 500));
    pool.terminate();
    await pool.join();
    // Each task sleeps 10 s: the first ones were running, and ending them (not waiting for them) loses them.
    await assert.rejects(results[0].get(1000), { name: 'WorkerLostError' });
    await assert.rejects(results[2999].get(1000), { name: 'WorkerLostError' });
    assert.deepEqual(getContext().Process.name, 'Process');
  });

  test('await using terminates the pool at the end of the scope', T, async () => {
    let escaped: Pool;
    {
      await using pool = new ThreadPool(1);
      escaped = pool;
      assert.equal(await pool.apply(t.square, [4]), 16);
    }
    assert.throws(() => escaped.applyAsync(t.square, [1]), { name: 'ValueError', message: 'Pool not running' });
  });
});
