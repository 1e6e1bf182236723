import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getcurrent, Greenlet, GreenletExit, sleep, spawn } from '../../src/coroutines/index.js';

/** Every test gets this limit, so that no wait in a test can hang the suite. */
const LIMIT = { timeout: 5_000 };
/** Rejects if `promise` has not settled within `ms`: for waits that should be quick. */
const within = <T>(ms: number, promise: PromiseLike<T>): Promise<T> =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`not settled within ${ms} ms`)), ms).unref())]);
/** A plain timer promise that no greenlet kill can interrupt. */
const delay = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

test('kill aborts the signal with the GreenletExit and settles the greenlet with it', LIMIT, async () => {
  let seen: AbortSignal | undefined;
  const greenlet = spawn(async () => {
    seen = getcurrent().signal;
    await sleep(1000);
  });
  await sleep(1);
  await within(1000, greenlet.kill());
  assert.equal(seen?.aborted, true);
  assert.ok(seen?.reason instanceof GreenletExit);
  assert.equal(greenlet.signal.aborted, true);
  assert.equal(greenlet.exception, seen?.reason);
  assert.equal(greenlet.dead, true);
});

test('killing a sleeping greenlet is prompt: sleep rejects with GreenletExit at once', LIMIT, async () => {
  let caught: unknown;
  const greenlet = spawn(async () => {
    try {
      await sleep(10_000);
    } catch (error) {
      caught = error;
      throw error;
    }
  });
  await sleep(5);
  await within(1000, greenlet.kill()); // the greenlet slept far longer: it was interrupted, not waited for
  assert.ok(caught instanceof GreenletExit);
  assert.ok(greenlet.exception instanceof GreenletExit);
});

test('after a kill, further sleeps in the greenlet reject at once', LIMIT, async () => {
  const outcomes: string[] = [];
  const greenlet = spawn(async () => {
    for (let i = 0; i < 3; i++) {
      try {
        await sleep(10_000);
        outcomes.push('slept');
      } catch (error) {
        outcomes.push(error instanceof GreenletExit ? 'exit' : 'other');
      }
    }
    return 'ignored';
  });
  await sleep(1);
  await within(1000, greenlet.kill());
  assert.deepEqual(outcomes, ['exit', 'exit', 'exit']);
  assert.ok(greenlet.exception instanceof GreenletExit, 'a killed greenlet ends with GreenletExit even if it returns');
});

test('a function that checks its signal stops early', LIMIT, async () => {
  let iterations = 0;
  const greenlet = spawn(async () => {
    const { signal } = getcurrent();
    while (!signal.aborted) {
      iterations++;
      await delay(2);
    }
    return iterations;
  });
  await delay(20);
  await within(1000, greenlet.kill());
  const stoppedAt = iterations;
  await delay(20);
  assert.equal(iterations, stoppedAt);
});

test('kill({ timeout }) declares a stubborn greenlet dead after the timeout', LIMIT, async () => {
  let finishedLate = false;
  const greenlet = spawn(async () => {
    await delay(300);
    finishedLate = true;
    return 'late';
  });
  await sleep(1);
  const start = Date.now();
  await within(1000, greenlet.kill({ timeout: 30 }));
  assert.ok(Date.now() - start >= 25, 'kill waited its timeout');
  assert.equal(finishedLate, false, 'and gave up before the stubborn function returned');
  assert.equal(greenlet.dead, true);
  assert.ok(greenlet.exception instanceof GreenletExit);
  await delay(320);
  assert.equal(finishedLate, true);
  assert.ok(greenlet.exception instanceof GreenletExit, 'a late return does not change the outcome');
});

test('kill() without timeout waits for the function to return; block: false does not', LIMIT, async () => {
  let returned = false;
  const greenlet = spawn(async () => {
    await delay(60);
    returned = true;
  });
  await sleep(1);
  await within(1000, greenlet.kill({ block: false }));
  assert.equal(returned, false, 'block: false does not wait for the function');
  assert.equal(greenlet.ready(), false);
  await within(1000, greenlet.kill());
  assert.equal(returned, true, 'kill() waited for the function to return');
  assert.equal(greenlet.ready(), true);
});

test('a greenlet killed before it starts never runs', LIMIT, async () => {
  let ran = false;
  const greenlet = spawn(() => {
    ran = true;
  });
  await within(1000, greenlet.kill());
  await sleep(5);
  assert.equal(ran, false);
  assert.ok(greenlet.exception instanceof GreenletExit);
  const never = new Greenlet(() => {
    ran = true;
  });
  await within(1000, never.kill());
  never.start();
  await sleep(5);
  assert.equal(ran, false);
});

test('kill with a custom exception; a greenlet can kill itself', LIMIT, async () => {
  class Stop extends Error {}
  const stop = new Stop('stop');
  const greenlet = spawn(() => sleep(1000));
  await sleep(1);
  await within(1000, greenlet.kill({ exception: stop }));
  assert.equal(greenlet.exception, stop);
  assert.equal(greenlet.signal.reason, stop);
  const selfKiller = spawn(async () => {
    await getcurrent().kill();
    return 'unreachable';
  });
  await within(1000, selfKiller.join());
  assert.ok(selfKiller.exception instanceof GreenletExit);
});

test('killing a finished greenlet changes nothing; the main pseudo-greenlet cannot be killed', LIMIT, async () => {
  const greenlet = spawn(() => 3);
  assert.equal(await within(1000, greenlet), 3);
  await greenlet.kill();
  assert.equal(greenlet.value, 3);
  assert.equal(greenlet.successful(), true);
  assert.throws(() => getcurrent().kill(), /main greenlet/);
});
