// Queue and JoinableQueue on Redis: FIFO, bounds, Empty/Full, blocking without polling, abort, join/taskDone.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Empty, Full, ValueError } from '../../../src/errors.js';
import { JoinableQueue } from '../../../src/distributed/objects/joinable-queue.js';
import { Queue } from '../../../src/distributed/objects/queue.js';
import { freshPrefix, setUp, T, type Setup } from './helpers.js';

describe('distributed Queue', () => {
  let s: Setup;
  before(async () => {
    s = await setUp();
  });
  after(() => s.close());

  test('items of every kind arrive in order through a second connection (hash-tagged prefix)', T, async () => {
    const prefix = `{${freshPrefix()}}`;
    const a = new Queue(s.open(prefix), 'q');
    const b = new Queue(s.open(prefix), 'q');
    const items = [1, 'two', { three: [3] }, new Map([[1, new Set([2n])]]), new Date(5), new Uint8Array([6, 7]), null];
    for (const item of items) await a.put(item);
    assert.equal(await b.qsize(), items.length);
    assert.deepEqual(await s.keys(prefix), [`${prefix}:queue:q`]);
    const got = [];
    for (let i = 0; i < items.length; i++) got.push(await b.get({ timeout: 5_000 }));
    assert.deepEqual(got, items);
    assert.equal(await a.empty(), true);
    await a.unlink();
    assert.deepEqual(await s.keys(prefix), []);
  });

  test('getNowait on an empty queue and putNowait on a full one reject with Empty and Full', T, async () => {
    const prefix = freshPrefix();
    const q = new Queue<number>(s.open(prefix), 'bounded', { maxsize: 2 });
    await assert.rejects(q.getNowait(), Empty);
    await q.putNowait(1);
    await q.put(2, { block: false });
    assert.equal(await q.full(), true);
    await assert.rejects(q.putNowait(3), Full);
    await assert.rejects(q.put(3, { timeout: 100 }), Full);
    assert.equal(await q.getNowait(), 1);
    await q.unlink();
    assert.deepEqual(await s.keys(prefix), []);
  });

  test('a blocked get times out with Empty after one BLPOP, and a put from another connection wakes it', T, async () => {
    const prefix = freshPrefix();
    const q = new Queue<string>(s.open(prefix), 'wake');
    const other = new Queue<string>(s.open(prefix), 'wake');
    await s.resetStats();
    const started = Date.now();
    await assert.rejects(q.get({ timeout: 300 }), Empty);
    assert.ok(Date.now() - started >= 290, 'the get waited its timeout');
    // Waiting was one server-side BLPOP, not a loop of pops.
    assert.equal(await s.calls('blpop'), 1);
    assert.ok((await s.calls('evalsha')) + (await s.calls('eval')) <= 2);
    const waiting = q.get({ timeout: 20_000 });
    await s.blocked(1);
    await other.put('hello');
    assert.equal(await waiting, 'hello');
    assert.equal(await s.calls('blpop'), 2);
    await q.unlink();
  });

  test('a put on a full queue waits until a get from another connection makes room', T, async () => {
    const prefix = freshPrefix();
    const q = new Queue<number>(s.open(prefix), 'room', { maxsize: 1 });
    const other = new Queue<number>(s.open(prefix), 'room', { maxsize: 1 });
    await q.put(1);
    let putDone = false;
    const blocked = q.put(2, { timeout: 20_000 }).then(() => (putDone = true));
    await s.blocked(1);
    assert.equal(putDone, false);
    assert.equal(await other.get({ timeout: 5_000 }), 1);
    await blocked;
    assert.equal(await other.get({ timeout: 5_000 }), 2);
    await q.unlink();
    assert.deepEqual(await s.keys(prefix), []);
  });

  test('an aborted get rejects with the signal reason and loses no item', T, async () => {
    const prefix = freshPrefix();
    const q = new Queue<number>(s.open(prefix), 'abort');
    const controller = new AbortController();
    const waiting = q.get({ signal: controller.signal });
    setTimeout(() => controller.abort(new Error('stop waiting')), 100);
    await assert.rejects(waiting, /stop waiting/);
    // Aborted while the store hands out the blocking connection (the same store, with the abort made right there).
    const store = s.open(prefix);
    const early = new AbortController();
    const abortingStore = Object.create(store, {
      blocking: { value: () => (early.abort(new Error('early')), store.blocking()) },
    }) as typeof store;
    await assert.rejects(new Queue<number>(abortingStore, 'abort').get({ signal: early.signal }), /early/);
    await q.put(7);
    assert.equal(await q.get({ timeout: 5_000 }), 7);
    await q.unlink();
  });

  test('bad input is a TypeError that says what to pass', T, async () => {
    const store = s.open(freshPrefix());
    assert.throws(() => new Queue(store, 'bad name'), TypeError);
    assert.throws(() => new Queue(store, ''), TypeError);
    assert.throws(() => new Queue(store, 'q', { maxsize: -1 }), TypeError);
    assert.throws(() => new Queue({} as never, 'q'), TypeError);
    const q = new Queue(store, 'q');
    await assert.rejects(q.get({ timeout: 'soon' as never }), TypeError);
    await assert.rejects(q.put(() => 1), TypeError);
    assert.equal(await q.qsize(), 0, 'nothing was written');
    await assert.rejects(q.put(1, { block: 1 as never }), TypeError);
  });

  test('bytes in Redis that multiproc did not write are a TypeError, and the queue goes on', T, async () => {
    const prefix = freshPrefix();
    const store = s.open(prefix);
    const q = new Queue(store, 'hostile');
    await store.command.rpush(store.key('queue', 'hostile'), Buffer.alloc(0), Buffer.from([0xd9, 0xff, 0x41]));
    await q.put('fine');
    await assert.rejects(q.get({ timeout: 1_000 }), TypeError);
    await assert.rejects(q.get({ timeout: 1_000 }), TypeError);
    assert.equal(await q.get({ timeout: 1_000 }), 'fine');
    await q.unlink();
  });
});

describe('distributed JoinableQueue', () => {
  let s: Setup;
  before(async () => {
    s = await setUp();
  });
  after(() => s.close());

  test('join waits until every item is marked done; too many taskDone is a ValueError', T, async () => {
    const prefix = freshPrefix();
    const producer = new JoinableQueue<number>(s.open(prefix), 'jobs');
    const consumer = new JoinableQueue<number>(s.open(prefix), 'jobs');
    assert.equal(await producer.join(1_000), true, 'an empty queue is joined at once');
    for (let i = 0; i < 3; i++) await producer.put(i);
    assert.equal(await producer.join(100), false);
    let joined = false;
    const joining = producer.join(20_000).then((done) => (joined = done));
    for (let i = 0; i < 3; i++) {
      await consumer.get({ timeout: 5_000 });
      assert.equal(joined, false);
      await consumer.taskDone();
    }
    await joining;
    assert.equal(joined, true);
    await assert.rejects(consumer.taskDone(), (error) => error instanceof ValueError && /too many times/.test(error.message));
    await producer.unlink();
    assert.deepEqual(await s.keys(prefix), []);
  });
});

describe('distributed Queue when Redis or the store goes away', () => {
  let s: Setup;
  before(async () => {
    s = await setUp();
  });
  after(() => s.close());

  test('closing the store rejects a waiting get with ValueError', T, async () => {
    const store = s.open(freshPrefix());
    const q = new Queue(store, 'closing');
    const waiting = q.get({ timeout: 20_000 });
    await s.blocked(1);
    await store.close();
    await assert.rejects(waiting, (error) => error instanceof ValueError && /closed/.test(error.message));
  });

  test('items survive a SIGKILL and restart of Redis (AOF), and a get waiting across the restart still gets one', T, async () => {
    const prefix = freshPrefix();
    const q = new Queue<number>(s.open(prefix), 'durable');
    await q.put(1);
    await s.redis.kill();
    await s.redis.restart();
    assert.equal(await q.get({ timeout: 15_000 }), 1);
    const waiting = q.get({ timeout: 30_000 });
    await s.blocked(1);
    await s.redis.kill();
    await s.redis.restart();
    const other = new Queue<number>(s.open(prefix), 'durable');
    await other.put(2);
    assert.equal(await waiting, 2);
    await q.unlink();
    assert.deepEqual(await s.keys(prefix), []);
  });
});
