// Lock, Semaphore and Event on Redis: exclusion, fencing tokens, expiry of a dead holder's lock, waking without polling.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TimeoutError, ValueError } from '../../../src/errors.js';
import { Event, Lock, Queue, Semaphore } from '../../../src/distributed/objects/index.js';
import { Process } from '../../../src/process/index.js';
import { holdLockForever } from '../../fixtures/distributed-objects.js';
import { freshPrefix, setUp, T, type Setup } from './helpers.js';

describe('distributed Lock', () => {
  let s: Setup;
  before(async () => {
    s = await setUp();
  });
  after(() => s.close());

  test('excludes a second connection; fencing tokens increase with every acquisition', T, async () => {
    const prefix = freshPrefix();
    const a = new Lock(s.open(prefix), 'l');
    const b = new Lock(s.open(prefix), 'l');
    assert.equal(a.token, null);
    assert.equal(await a.acquire(), true);
    const first = a.token!;
    assert.equal(await b.locked(), true);
    assert.equal(await b.acquire({ block: false }), false);
    assert.equal(await b.acquire({ timeout: 100 }), false);
    await assert.rejects(b.release(), ValueError, 'only the holder releases');
    await a.release();
    assert.equal(a.token, null);
    assert.equal(await b.acquire({ timeout: 5_000 }), true);
    assert.ok(b.token! > first);
    const second = b.token!;
    await b.release();
    await a.acquire();
    assert.ok(a.token! > second);
    await a.release();
    await a.unlink();
    assert.deepEqual(await s.keys(prefix), []);
  });

  test('a release from another connection wakes a blocked acquire (one BLPOP, no polling)', T, async () => {
    const prefix = freshPrefix();
    const a = new Lock(s.open(prefix), 'wake', { ttl: null });
    const b = new Lock(s.open(prefix), 'wake', { ttl: null });
    await a.acquire();
    await s.resetStats();
    const waiting = b.acquire({ timeout: 20_000 });
    await s.blocked(1);
    await a.release();
    assert.equal(await waiting, true);
    assert.equal(await s.calls('blpop'), 1);
    await b.release();
    await a.unlink();
    assert.deepEqual(await s.keys(prefix), []);
  });

  test('the lock of a SIGKILLed holder frees itself after its ttl and a waiter gets it with a larger token', T, async () => {
    const prefix = freshPrefix();
    const store = s.open(prefix);
    const lock = new Lock(store, 'held', { ttl: 1_000 });
    const ready = new Queue<number>(store, 'ready');
    const child = new Process({ target: holdLockForever, args: [lock, ready] });
    child.start();
    try {
      const childToken = await ready.get({ timeout: 30_000 });
      assert.equal(await lock.locked(), true);
      child.kill();
      await child.join(10_000);
      assert.equal(await lock.acquire({ timeout: 20_000 }), true, 'the dead holder\'s lock expired');
      assert.ok(lock.token! > childToken);
      await lock.release();
    } finally {
      child.kill();
      await child.join(10_000);
    }
    await lock.unlink();
    await ready.unlink();
    assert.deepEqual(await s.keys(prefix), []);
  });

  test('release after the ttl ran out is a ValueError; extend keeps a lock alive past its ttl', T, async () => {
    const prefix = freshPrefix();
    const store = s.open(prefix);
    // Long enough that acquire and extend fit in it on a loaded machine; the wait after it outlasts it for sure.
    const extended = new Lock(store, 'extended', { ttl: 2_000 });
    await extended.acquire();
    await extended.extend(20_000);
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    assert.equal(await extended.locked(), true);
    await extended.release();
    const short = new Lock(store, 'short', { ttl: 50 });
    await short.acquire();
    await new Promise((resolve) => setTimeout(resolve, 150));
    await assert.rejects(short.release(), (error) => error instanceof ValueError && /expired/.test(error.message));
    await assert.rejects(short.extend(), (error) => error instanceof ValueError && /does not hold/.test(error.message));
    await extended.unlink();
    await short.unlink();
    assert.deepEqual(await s.keys(prefix), []);
  });

  test('hold() is a guard for await using: released when the block ends; TimeoutError when it cannot acquire in time', T, async () => {
    const prefix = freshPrefix();
    const a = new Lock(s.open(prefix), 'guarded');
    const b = new Lock(s.open(prefix), 'guarded');
    {
      await using _held = await a.hold();
      assert.equal(await b.locked(), true);
      await assert.rejects(b.hold({ timeout: 100 }), TimeoutError);
    }
    assert.equal(await b.locked(), false);
    const sem = new Semaphore(s.open(prefix), 'guarded-sem', 1);
    {
      await using _held = await sem.hold({ timeout: 5_000 });
      assert.equal(await sem.getValue(), 0);
    }
    assert.equal(await sem.getValue(), 1);
    await a.unlink();
    await sem.unlink();
    assert.deepEqual(await s.keys(prefix), []);
  });

  test('an aborted acquire and an aborted Event.wait reject with the reason and leave no waiter behind', T, async () => {
    const prefix = freshPrefix();
    const a = new Lock(s.open(prefix), 'abort', { ttl: null });
    const b = new Lock(s.open(prefix), 'abort', { ttl: null });
    const event = new Event(s.open(prefix), 'abort');
    await a.acquire();
    const controller = new AbortController();
    const acquiring = b.acquire({ signal: controller.signal });
    const waiting = event.wait(null, controller.signal);
    setTimeout(() => controller.abort(new Error('give up')), 100);
    await Promise.all([assert.rejects(acquiring, /give up/), assert.rejects(waiting, /give up/)]);
    assert.equal(b.token, null);
    await a.release();
    assert.deepEqual(await s.keys(prefix), [`${prefix}:lock:abort:fence`], 'only the fencing counter is left');
    await a.unlink();
    assert.deepEqual(await s.keys(prefix), []);
  });

  test('bad input is a TypeError', T, () => {
    const store = s.open(freshPrefix());
    assert.throws(() => new Lock(store, 'x', { ttl: 0 }), TypeError);
    assert.throws(() => new Lock(store, 'x', { ttl: 1.5 }), TypeError);
    assert.throws(() => new Lock(store, 'a:b'), TypeError);
    assert.throws(() => new Semaphore(store, 's', -1), TypeError);
  });
});

describe('distributed Semaphore and Event', () => {
  let s: Setup;
  before(async () => {
    s = await setUp();
  });
  after(() => s.close());

  test('a Semaphore admits `value` holders; release(n) wakes waiters on another connection', T, async () => {
    const prefix = freshPrefix();
    const a = new Semaphore(s.open(prefix), 'sem', 2);
    const b = new Semaphore(s.open(prefix), 'sem', 2);
    assert.equal(await a.acquire(), true);
    assert.equal(await a.acquire(), true);
    assert.equal(await b.getValue(), 0);
    assert.equal(await b.acquire({ block: false }), false);
    const first = b.acquire({ timeout: 20_000 });
    const second = b.acquire({ timeout: 20_000 });
    await s.blocked(2);
    await a.release(2);
    assert.deepEqual(await Promise.all([first, second]), [true, true]);
    await b.release();
    assert.equal(await a.getValue(), 1);
    await a.unlink();
    assert.deepEqual(await s.keys(prefix), []);
  });

  test('Event: wait times out while clear, every waiter wakes on set, clear resets', T, async () => {
    const prefix = freshPrefix();
    const a = new Event(s.open(prefix), 'ev');
    const b = new Event(s.open(prefix), 'ev');
    assert.equal(await a.isSet(), false);
    assert.equal(await a.wait(100), false);
    await s.resetStats();
    const waiters = [a.wait(20_000), b.wait(20_000), b.wait()];
    await s.blocked(3);
    await b.set();
    assert.deepEqual(await Promise.all(waiters), [true, true, true]);
    assert.equal(await s.calls('blpop'), 3, 'each waiter waited in one BLPOP');
    assert.equal(await a.wait(0), true);
    await a.clear();
    assert.equal(await b.isSet(), false);
    await a.unlink();
    assert.deepEqual(await s.keys(prefix), []);
  });
});
