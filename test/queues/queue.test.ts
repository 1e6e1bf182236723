// Queue semantics within one process: every put/get form on a bounded queue, timeouts, qsize, closing, rich values,
// items larger than the ring, unsendable values.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Empty, Full, ValueError } from '../../src/errors.js';
import { Queue } from '../../src/queues/index.js';

const T = { timeout: 20_000 };

describe('Queue in one process', () => {
  test('Queue(3): full and empty with every put and get form', T, async () => {
    const q = new Queue<number>(3);
    assert.equal(q.empty(), true);
    assert.equal(q.full(), false);
    await q.put(1);
    q.putSync(2);
    q.putNowait(3);
    assert.equal(q.qsize(), 3);
    assert.equal(q.full(), true);
    assert.throws(() => q.putNowait(4), Full);
    assert.throws(() => q.putSync(4, { block: false }), Full);
    await assert.rejects(q.put(4, { block: false }), Full);
    const started = performance.now();
    await assert.rejects(q.put(4, { timeout: 100 }), Full);
    assert.ok(performance.now() - started >= 90, 'put waited for its timeout');
    assert.throws(() => q.putSync(4, { timeout: 50 }), Full);
    assert.equal(await q.get(), 1);
    assert.equal(q.getSync(), 2);
    assert.equal(q.getNowait(), 3);
    assert.equal(q.empty(), true);
    assert.equal(q.qsize(), 0);
    assert.throws(() => q.getNowait(), Empty);
    assert.throws(() => q.getSync({ block: false }), Empty);
    await assert.rejects(q.get({ block: false }), Empty);
    await assert.rejects(q.get({ timeout: 100 }), Empty);
    assert.throws(() => q.getSync({ timeout: 50 }), Empty);
    await assert.rejects(q.get({ timeout: -5 }), Empty);
    q.close();
  });

  test('a blocked put resumes when a get makes room; a blocked get when a put arrives', T, async () => {
    const q = new Queue<string>(1);
    q.putNowait('a');
    const put = q.put('b', { timeout: 5000 });
    setTimeout(() => q.getNowait(), 30);
    await put;
    assert.equal(q.getNowait(), 'b');
    const get = q.get({ timeout: 5000 });
    setTimeout(() => q.putNowait('c'), 30);
    assert.equal(await get, 'c');
    q.close();
  });

  test('FIFO order, qsize, rich values', T, async () => {
    const q = new Queue<unknown>();
    const values = [
      0, -1, 127, 128, -33, 2 ** 31, -(2 ** 31), 1.5, -0, NaN, Infinity, true, false, null, undefined, '', 'héllo ✓',
      new Map<unknown, unknown>([[1, 'a'], ['k', new Set([1n])]]), new Set(['x']), new Date(86_400_000), 12345678901234567890n,
      new Float64Array([1.5, 2.5]), new Uint8Array([1, 2, 3]), Buffer.from('buf'), [1, [2, [3]]], { nested: { deep: [null] } },
    ];
    for (const value of values) q.putNowait(value);
    assert.equal(q.qsize(), values.length);
    for (const value of values) {
      const got = await q.get();
      if (Number.isNaN(value as number)) assert.ok(Number.isNaN(got));
      else assert.deepStrictEqual(got instanceof Buffer ? Buffer.from(got) : got, value instanceof Buffer ? Buffer.from(value) : value);
    }
    q.close();
  });

  test('an unbounded queue never blocks a producer: items beyond the ring and larger than it go through', T, async () => {
    const q = new Queue<Buffer | number>(0, { capacity: 4096 });
    for (let i = 0; i < 1000; i++) q.putNowait(i); // far more than 4 KiB of records
    const huge = Buffer.alloc(3 * 1024 * 1024, 9);
    q.putNowait(huge);
    for (let i = 0; i < 1000; i++) assert.equal(await q.get({ timeout: 5000 }), i);
    const got = (await q.get({ timeout: 5000 })) as Buffer;
    assert.equal(got.length, huge.length);
    assert.equal(got[12345], 9);
    assert.equal(q.qsize(), 0);
    q.close();
  });

  test('the sync twins work on this thread too, flushing what this handle buffered', T, () => {
    const q = new Queue<number>(0, { capacity: 256 });
    for (let i = 0; i < 200; i++) q.putSync(i);
    for (let i = 0; i < 200; i++) assert.equal(q.getSync({ timeout: 5000 }), i);
    q.close();
  });

  test('use after close() → ValueError "is closed"; joinThread before close → ValueError', T, async () => {
    const q = new Queue<number>();
    await assert.rejects(q.joinThread(), ValueError);
    q.putNowait(1);
    q.close();
    q.close();
    for (const use of [() => q.putNowait(1), () => q.getNowait(), () => q.getSync(), () => q.putSync(1)]) {
      assert.throws(use, (error: Error) => error instanceof ValueError && /is closed/.test(error.message));
    }
    await assert.rejects(q.put(1), /is closed/);
    await assert.rejects(q.get(), /is closed/);
    await q.joinThread();
    q.cancelJoinThread();
  });

  test('close() wakes a get() waiting in this process', T, async () => {
    const q = new Queue<number>();
    const pending = q.get({ timeout: 5000 });
    setTimeout(() => q.close(), 20);
    await assert.rejects(pending, /is closed/);
  });

  test('an unsendable item is refused at put with a TypeError naming it; nothing is put', T, async () => {
    const q = new Queue<unknown>(2);
    await assert.rejects(q.put({ fn: () => 1 }), (error: Error) => error instanceof TypeError && /obj\.fn/.test(error.message));
    assert.throws(() => q.putNowait([1, Symbol('s')]), TypeError);
    assert.equal(q.qsize(), 0);
    assert.equal(q.empty(), true);
    q.close();
  });
});
