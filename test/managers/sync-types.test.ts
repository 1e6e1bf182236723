// Every SyncManager type, used from the parent and from a child; a managed Queue raises Empty as itself; blocking
// calls wait in the server without holding up other calls.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BrokenBarrierError, Empty, Full, ValueError } from '../../src/errors.js';
import { Process } from '../../src/process/index.js';
import { Manager, type SyncManager } from '../../src/managers/index.js';
import * as targets from '../fixtures/managers.js';
import { eventually } from '../helpers.js';

const T = { timeout: 90_000 };

describe('SyncManager types', () => {
  let manager: SyncManager;
  before(async () => {
    manager = await Manager();
  });
  after(async () => {
    await manager.shutdown();
  });

  test('a managed Queue raises Empty and Full as themselves, here and in a child', T, async () => {
    const q = await manager.Queue(1);
    await assert.rejects(q.get({ block: false }), Empty);
    await assert.rejects(q.get({ timeout: 50 }), Empty);
    await q.put('x');
    await assert.rejects(q.put('y', { timeout: 50 }), Full);
    await assert.rejects(q.putNowait('y'), Full);
    assert.equal(await q.qsize(), 1);
    assert.equal(await q.full(), true);
    assert.equal(await q.getNowait(), 'x');
    assert.equal(await q.empty(), true);
    const results = await manager.Queue();
    const p = new Process({ target: targets.emptyGetter, args: [q, results] });
    p.start();
    assert.equal(await results.get({ timeout: 60_000 }), 'Empty:true');
    await p.join(30_000);
  });

  test('a waiting get() does not hold up other calls of the same process', T, async () => {
    const q = await manager.Queue();
    const d = await manager.dict();
    const waiting = q.get({ timeout: 20_000 });
    await d.set('k', 1);
    assert.equal(await d.get('k'), 1);
    await q.put('late');
    assert.equal(await waiting, 'late');
  });

  test('every SyncManager type works from a child', T, async () => {
    const objs = {
      report: await manager.dict(),
      list: await manager.list(),
      ns: await manager.Namespace({ x: 'parent x' }),
      queue: await manager.Queue(),
      jq: await manager.JoinableQueue(),
      lock: await manager.Lock(),
      rlock: await manager.RLock(),
      sem: await manager.Semaphore(2),
      bsem: await manager.BoundedSemaphore(3),
      cond: await manager.Condition(),
      event: await manager.Event(),
      barrier: await manager.Barrier(2),
      value: await manager.Value('i', 7),
      array: await manager.Array('i', [1, 2, 3]),
      pool: await manager.Pool(2),
    };
    await objs.queue.put('to child');
    await objs.jq.put('job');
    const child = new Process({ target: targets.useEverything, args: [objs] });
    child.start();
    await objs.event.set();
    assert.equal(await objs.barrier.wait(60_000) >= 0, true);
    assert.equal(await objs.queue.get({ timeout: 60_000 }), 'from child');
    await objs.jq.join();
    await child.join(60_000);
    assert.equal(child.exitcode, 0);
    const report = await objs.report.copy();
    assert.deepEqual(Object.fromEntries(report), {
      'ns.x': 'parent x', queue: 'to child', jq: 'job', lock: true, rlock: true, sem: true, bsem: 3, event: true,
      barrier: report.get('barrier'), value: 7, array: [42, 2, 3], pool: [1, 4, 9],
    });
    assert.ok([0, 1].includes(report.get('barrier') as number));
    assert.deepEqual(await objs.list.copy(), ['child']);
    assert.equal(await objs.ns.fromChild, 'yes');
    assert.equal(await objs.value.get(), 99);
    assert.equal(await objs.sem.getValue(), 1);
    await objs.pool.close();
    await objs.pool.join();
  });

  test('locks: Lock over-release → ValueError; RLock is re-entrant; BoundedSemaphore refuses extra releases', T, async () => {
    const lock = await manager.Lock();
    assert.equal(await lock.acquire(), true);
    assert.equal(await lock.acquire({ block: false }), false);
    assert.equal(await lock.acquire({ timeout: 30 }), false);
    assert.equal(await lock.locked(), true);
    await lock.release();
    await assert.rejects(lock.release(), ValueError);
    const rlock = await manager.RLock();
    assert.equal(await rlock.acquire(), true);
    assert.equal(await rlock.acquire(), true);
    await rlock.release();
    await rlock.release();
    await assert.rejects(rlock.release(), ValueError);
    const bsem = await manager.BoundedSemaphore(1);
    await assert.rejects(bsem.release(), ValueError);
  });

  test('Condition: a child waits, the parent notifies', T, async () => {
    const cond = await manager.Condition();
    const report = await manager.dict();
    const child = new Process({ target: targets.conditionWaiter, args: [cond, report] });
    child.start();
    await eventually(async () => (await report.get('waiting')) === true, 60_000);
    await cond.acquire();
    await cond.notify();
    await cond.release();
    await child.join(60_000);
    assert.equal(await report.get('notified'), true);
    await assert.rejects(cond.notify(), ValueError, 'notify without the lock');
    await cond.acquire();
    assert.equal(await cond.waitFor(() => true, 100), true);
    assert.equal(await cond.wait(30), false);
    await cond.release();
  });

  test('Event, Barrier (timeout breaks it), Value, Array', T, async () => {
    const event = await manager.Event();
    assert.equal(await event.wait(20), false);
    await event.set();
    assert.equal(await event.isSet(), true);
    const barrier = await manager.Barrier(2);
    assert.equal(await barrier.parties(), 2);
    await assert.rejects(barrier.wait(50), BrokenBarrierError);
    assert.equal(await barrier.broken(), true);
    await barrier.reset();
    assert.equal(await barrier.broken(), false);
    const [a, b] = await Promise.all([barrier.wait(10_000), barrier.wait(10_000)]);
    assert.deepEqual([a, b].sort(), [0, 1]);
    const value = await manager.Value('d', 1.5);
    value.value = 2.5;
    assert.equal(await value.value, 2.5);
    const array = await manager.Array('c', ['a', 'b']);
    assert.deepEqual(await array.copy(), ['a', 'b']);
    assert.equal(await array.len(), 2);
  });

  test('Pool: apply, map, applyAsync and imap through proxies', T, async () => {
    const pool = await manager.Pool(2);
    assert.equal(await pool.apply(targets.square, [5]), 25);
    assert.deepEqual(await pool.map(targets.square, [1, 2, 3]), [1, 4, 9]);
    assert.deepEqual(await pool.starmap(targets.square, [[2], [3]]), [4, 9]);
    const result = await pool.applyAsync(targets.square, [6]);
    assert.equal(await result.get(30_000), 36);
    assert.equal(await result.successful(), true);
    const seen: number[] = [];
    for await (const r of await pool.imap(targets.square, [1, 2, 3])) seen.push(r);
    assert.deepEqual(seen, [1, 4, 9]);
    await pool.terminate();
  });
});
