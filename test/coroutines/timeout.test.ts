import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getcurrent, sleep, spawn, Timeout, withTimeout } from '../../src/coroutines/index.js';
import { ValueError } from '../../src/errors.js';

/** Every test gets this limit, so that no wait in a test can hang the suite. */
const LIMIT = { timeout: 5_000 };
/** Rejects if `promise` has not settled within `ms`: for waits that should be quick. */
const within = <T>(ms: number, promise: PromiseLike<T>): Promise<T> =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`not settled within ${ms} ms`)), ms).unref())]);
/** A plain timer promise that no greenlet kill can interrupt. */
const delay = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

test('Timeout is an Error; start, pending, cancel and expired', LIMIT, async () => {
  const timeout = new Timeout(20);
  assert.ok(timeout instanceof Error);
  assert.equal(timeout.name, 'Timeout');
  assert.equal(timeout.ms, 20);
  assert.equal(timeout.pending, false);
  timeout.start();
  assert.equal(timeout.pending, true);
  assert.throws(() => timeout.start(), ValueError);
  timeout.cancel();
  assert.equal(timeout.pending, false);
  await delay(30);
  assert.equal(timeout.expired, false);
  assert.equal(timeout.signal.aborted, false);
  const fired = Timeout.startNew(5);
  await delay(20);
  assert.equal(fired.expired, true);
  assert.equal(fired.signal.reason, fired);
  assert.equal(new Timeout().ms, null);
  assert.equal(new Timeout(-5).ms, 0);
});

test('a started Timeout interrupts the sleep of its greenlet, which can catch it and go on', LIMIT, async () => {
  const greenlet = spawn(async () => {
    const timeout = new Timeout(20).start();
    try {
      await sleep(10_000);
      return 'slept';
    } catch (error) {
      if (error !== timeout) throw error;
    }
    await sleep(1);
    return 'caught and went on';
  });
  assert.equal(await within(1000, greenlet), 'caught and went on');
});

test('using a Timeout cancels it at the end of the block, like gevent `with Timeout()`', LIMIT, async () => {
  let escaped: Timeout | undefined;
  {
    using timeout = new Timeout(20).start();
    escaped = timeout;
    await sleep(1);
  }
  assert.equal(escaped.pending, false);
  await delay(30);
  assert.equal(escaped.expired, false);
});

test('a Timeout started in another greenlet does not interrupt this one', LIMIT, async () => {
  const bystander = spawn(() => sleep(40).then(() => 'undisturbed'));
  const starter = spawn(async () => {
    const timeout = new Timeout(5).start();
    try {
      await sleep(1000);
    } catch (error) {
      return error === timeout;
    }
    return false;
  });
  assert.equal(await within(1000, starter), true);
  assert.equal(await within(1000, bystander), 'undisturbed');
});

test('withTimeout rejects with its Timeout when time runs out, and interrupts the sleep inside', LIMIT, async () => {
  let innerError: unknown;
  await assert.rejects(within(1000, withTimeout(20, async () => {
    try {
      await sleep(10_000);
    } catch (error) {
      innerError = error;
      throw error;
    }
  })), Timeout);
  assert.ok(innerError instanceof Timeout, 'the sleep inside was interrupted, not waited for');
});

test('withTimeout gives the value in time, the fallback when late, and aborts the signal it passes', LIMIT, async () => {
  assert.equal(await within(1000, withTimeout(100, async () => 'quick')), 'quick');
  assert.equal(await within(1000, withTimeout(100, () => 'sync')), 'sync');
  assert.equal(await within(1000, withTimeout(10, () => sleep(1000).then(() => 'late'), { fallback: 'fallback' })), 'fallback');
  let seen: AbortSignal | undefined;
  const result = await within(1000, withTimeout(10, (signal) => {
    seen = signal;
    return new Promise<string>(() => {});
  }, { fallback: null }));
  assert.equal(result, null);
  assert.equal(seen?.aborted, true);
  assert.ok(seen?.reason instanceof Timeout);
  assert.equal(await within(1000, withTimeout(null, () => sleep(5).then(() => 'forever'))), 'forever');
});

test('withTimeout only interrupts its own scope; an outer parallel sleep goes on', LIMIT, async () => {
  const greenlet = spawn(async () => {
    const parallel = sleep(40).then(() => 'parallel done');
    const scoped = withTimeout(5, () => sleep(1000), { fallback: 'scoped timed out' });
    return Promise.all([parallel, scoped]);
  });
  assert.deepEqual(await within(1000, greenlet), ['parallel done', 'scoped timed out']);
});

test('inside withTimeout, getcurrent is still the calling greenlet and its kill still applies', LIMIT, async () => {
  const greenlet = spawn(async () => {
    const me = getcurrent();
    return withTimeout(1000, async () => {
      const same = getcurrent() === me;
      await sleep(10_000);
      return same;
    });
  });
  await sleep(5);
  await within(1000, greenlet.kill());
  assert.equal(greenlet.exception?.constructor.name, 'GreenletExit');
});
