// Seed 004: two threads change one shared balance 100k times each under a Lock; the total is exact.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RawValue } from '../../src/sharedctypes/index.js';
import { Lock, Thread } from '../../src/threading/index.js';
import * as fixtures from '../fixtures/threading.js';

const T = { timeout: 120_000 };

test('two threads x 100k increments under a Lock (blocking acquire): the balance is exact', T, async () => {
  const lock = new Lock();
  const balance = RawValue('q', 0);
  const threads = [5, 8].map((n) => new Thread({ target: fixtures.changeBalance, args: [lock, balance, n, 100_000] }));
  for (const t of threads) t.start();
  await Promise.all(threads.map((t) => t.join(60_000)));
  assert.deepEqual(threads.map((t) => t.isAlive()), [false, false]);
  assert.equal(balance.value, 100_000n * 5n + 100_000n * 8n);
  assert.equal(lock.locked(), false);
});

test('the same with the promise API (await lock.hold())', T, async () => {
  const lock = new Lock();
  const balance = RawValue('q', 0);
  const threads = [1, -3].map((n) => new Thread({ target: fixtures.changeBalanceAsync, args: [lock, balance, n, 20_000] }));
  for (const t of threads) t.start();
  await Promise.all(threads.map((t) => t.join(60_000)));
  assert.equal(balance.value, 20_000n * 1n + 20_000n * -3n);
});
