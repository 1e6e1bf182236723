import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GreenletExit, joinall, sleep, spawn, Timeout } from '../../src/coroutines/index.js';

/** Every test gets this limit, so that no wait in a test can hang the suite. */
const LIMIT = { timeout: 5_000 };
/** Rejects if `promise` has not settled within `ms`: for waits that should be quick. */
const within = <T>(ms: number, promise: PromiseLike<T>): Promise<T> =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`not settled within ${ms} ms`)), ms).unref())]);

test('joinall waits for all and resolves with them', LIMIT, async () => {
  const greenlets = [30, 10, 20].map((ms) => spawn(() => sleep(ms).then(() => ms)));
  const done = await within(1000, joinall(greenlets));
  assert.deepEqual(done.map((greenlet) => greenlet.value), [10, 20, 30]);
});

test('joinall with a timeout resolves with only the finished greenlets', LIMIT, async () => {
  const fast = spawn(() => sleep(5));
  const slow = spawn(() => sleep(500));
  const done = await within(1000, joinall([fast, slow], { timeout: 50 }));
  assert.deepEqual(done, [fast]);
  assert.equal(slow.ready(), false);
  await slow.kill();
});

test('joinall with raiseError rejects with the first failure; without it, failures are just returned', LIMIT, async () => {
  const boom = new Error('boom');
  const failing = () => spawn(() => sleep(10).then(() => Promise.reject(boom)));
  const slow = spawn(() => sleep(300));
  await assert.rejects(within(1000, joinall([slow, failing()], { raiseError: true })), boom);
  assert.equal(slow.ready(), false, 'rejects as soon as one fails, without waiting for the others');
  const quiet = failing();
  const done = await within(1000, joinall([quiet]));
  assert.deepEqual(done, [quiet]);
  assert.equal(quiet.exception, boom);
  await slow.kill();
});

test('joinall raiseError does not count a kill as a failure (gevent: GreenletExit is a normal exit)', LIMIT, async () => {
  const victim = spawn(() => sleep(1000));
  await sleep(1);
  void victim.kill();
  const done = await within(1000, joinall([victim], { raiseError: true }));
  assert.deepEqual(done, [victim]);
  assert.ok(victim.exception instanceof GreenletExit);
});

test('joinall with count stops after that many; an empty list resolves at once', LIMIT, async () => {
  const greenlets = [5, 100, 200].map((ms) => spawn(() => sleep(ms)));
  const done = await within(1000, joinall(greenlets, { count: 1 }));
  assert.deepEqual(done, [greenlets[0]]);
  assert.deepEqual(await within(1000, joinall([])), []);
  await Promise.all(greenlets.map((greenlet) => greenlet.kill()));
});

test('joinall inside a greenlet is interrupted by a Timeout started there', LIMIT, async () => {
  const slow = spawn(() => sleep(500));
  const waiter = spawn(async () => {
    const timeout = new Timeout(20).start();
    try {
      await joinall([slow]);
      return 'joined';
    } catch (error) {
      return error === timeout ? 'timed out' : 'other';
    }
  });
  assert.equal(await within(1000, waiter), 'timed out');
  await slow.kill();
});
