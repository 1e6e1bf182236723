// Lock and RLock: Python's semantics, misuse errors, timeouts, guards, and mutual exclusion across processes and
// threads (the seed's ticket purchase).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { getContext } from '../../src/context.js';
import { ValueError } from '../../src/errors.js';
import { Event, Lock, RLock } from '../../src/sync/index.js';
import * as fixtures from '../fixtures/sync.js';
import { readJson, tempDir } from '../helpers.js';

const T = { timeout: 60_000 };

describe('Lock', () => {
  test('acquire, locked, release; release by anyone; over-release is a ValueError', async () => {
    const lock = new Lock();
    assert.equal(lock.locked(), false);
    assert.equal(lock.acquireSync(), true);
    assert.equal(lock.locked(), true);
    assert.equal(lock.acquireSync({ block: false }), false);
    assert.equal(await lock.acquire({ block: false }), false);
    lock.release();
    assert.equal(lock.locked(), false);
    assert.throws(() => lock.release(), ValueError);
    assert.equal(await lock.acquire(), true);
    lock.release();
  });

  test('acquire({ timeout }) gives up once that long has passed, sync and async', async () => {
    const lock = new Lock();
    lock.acquireSync();
    let start = performance.now();
    assert.equal(lock.acquireSync({ timeout: 150 }), false);
    let took = performance.now() - start;
    assert.ok(took >= 140, `took ${took} ms`);
    start = performance.now();
    assert.equal(await lock.acquire({ timeout: 150 }), false);
    took = performance.now() - start;
    assert.ok(took >= 140, `took ${took} ms`);
    assert.equal(lock.acquireSync({ timeout: -5 }), false, 'a negative timeout means 0');
    lock.release();
  });

  test('an async acquire waits for the release', async () => {
    const lock = new Lock();
    lock.acquireSync();
    setTimeout(() => lock.release(), 50);
    assert.equal(await lock.acquire({ timeout: 5000 }), true);
    lock.release();
  });

  test('guard() and hold() release when the block ends, even on a throw', async () => {
    const lock = new Lock();
    {
      using _ = lock.guard();
      assert.equal(lock.locked(), true);
    }
    assert.equal(lock.locked(), false);
    await assert.rejects(async () => {
      await using _ = await lock.hold();
      throw new Error('inside');
    }, /inside/);
    assert.equal(lock.locked(), false);
  });

  for (const method of ['spawn', 'thread'] as const) {
    test(`ticket purchase: 10 ${method} children under one lock keep the count exact`, T, async () => {
      using dir = tempDir();
      const db = dir.path('db.json');
      writeFileSync(db, JSON.stringify({ left: 100, buyers: [] }));
      const { Process } = getContext(method);
      const lock = new Lock();
      const children = Array.from({ length: 10 }, (_, i) => {
        const target = i % 2 === 0 ? fixtures.buyTicket : fixtures.buyTicketSync;
        const p = new Process({ target, args: [lock, db, i] });
        p.start();
        return p;
      });
      await Promise.all(children.map((p) => p.join(30_000)));
      assert.deepEqual(children.map((p) => p.exitcode), Array(10).fill(0));
      const result = readJson<{ left: number; buyers: number[] }>(db);
      assert.equal(result.left, 90);
      assert.deepEqual([...result.buyers].sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      assert.equal(lock.locked(), false);
    });
  }

  test('a Lock acquired here may be released by another process', T, async () => {
    const { Process } = getContext('spawn');
    const lock = new Lock();
    lock.acquireSync();
    const p = new Process({ target: fixtures.releaseForeignLock, args: [lock] });
    p.start();
    await p.join(30_000);
    assert.equal(p.exitcode, 0);
    assert.equal(lock.locked(), false);
  });
});

describe('RLock', () => {
  test('re-entrant for its owner; free after as many releases; over-release is a ValueError', async () => {
    const rlock = new RLock();
    assert.equal(rlock.acquireSync(), true);
    assert.equal(rlock.acquireSync({ block: false }), true);
    assert.equal(await rlock.acquire(), true, 'async code of the owning thread is the owner too');
    rlock.release();
    rlock.release();
    assert.equal(rlock.locked(), true);
    rlock.release();
    assert.equal(rlock.locked(), false);
    assert.throws(() => rlock.release(), ValueError);
  });

  for (const method of ['spawn', 'thread'] as const) {
    test(`release by a ${method} that does not own it is a ValueError; it stays held`, T, async () => {
      const { Process } = getContext(method);
      const rlock = new RLock();
      rlock.acquireSync();
      const p = new Process({ target: fixtures.releaseForeignRLock, args: [rlock] });
      p.start();
      await p.join(30_000);
      assert.equal(p.exitcode, 0);
      assert.equal(rlock.locked(), true);
      rlock.release();
    });
  }

  test('another process waits for the owner, with a timeout', T, async () => {
    const { Process } = getContext('spawn');
    const rlock = new RLock();
    const held = new Event();
    const p = new Process({ target: fixtures.holdUntilKilled, args: [rlock, held] });
    p.start();
    try {
      assert.equal(await held.wait(20_000), true);
      const start = performance.now();
      assert.equal(await rlock.acquire({ timeout: 200 }), false);
      assert.ok(performance.now() - start >= 190);
      assert.throws(() => rlock.release(), ValueError);
    } finally {
      p.kill();
      await p.join(10_000);
    }
  });
});
