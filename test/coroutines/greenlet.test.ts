import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Greenlet, GreenletExit, setFailureReporter, sleep, spawn, spawnLater, Timeout } from '../../src/coroutines/index.js';

/** Every test gets this limit, so that no wait in a test can hang the suite. */
const LIMIT = { timeout: 5_000 };
/** Rejects if `promise` has not settled within `ms`: for waits that should be quick. */
const within = <T>(ms: number, promise: PromiseLike<T>): Promise<T> =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`not settled within ${ms} ms`)), ms).unref())]);
/** A plain timer promise that no greenlet kill can interrupt. */
const delay = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));
/** Runs `body` while recording the failures the package would print; restores printing afterwards. */
async function captureReports(body: () => Promise<void>): Promise<unknown[]> {
  const reported: unknown[] = [];
  setFailureReporter((error) => reported.push(error));
  try {
    await body();
  } finally {
    setFailureReporter();
  }
  return reported;
}

test('await greenlet gives its value; value, ready, successful, dead follow', LIMIT, async () => {
  const greenlet = spawn(async (a: number, b: number) => {
    await sleep(5);
    return a + b;
  }, 2, 3);
  assert.equal(greenlet.ready(), false);
  assert.equal(greenlet.dead, false);
  assert.equal(await within(1000, greenlet), 5);
  assert.equal(greenlet.value, 5);
  assert.equal(greenlet.ready(), true);
  assert.equal(greenlet.successful(), true);
  assert.equal(greenlet.dead, true);
  assert.equal(greenlet.exception, undefined);
});

test('spawn does not run the function before the caller yields', LIMIT, async () => {
  const order: string[] = [];
  const greenlet = spawn(() => order.push('greenlet'));
  order.push('caller');
  await within(1000, greenlet.join());
  assert.deepEqual(order, ['caller', 'greenlet']);
});

test('errors are captured in exception, never as unhandled rejections; get() and await throw them', LIMIT, async () => {
  const boom = new Error('boom');
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  try {
    const greenlet = spawn(async () => {
      await sleep(1);
      throw boom;
    });
    await within(1000, greenlet.join());
    assert.equal(greenlet.exception, boom);
    assert.equal(greenlet.successful(), false);
    assert.equal(greenlet.value, undefined);
    await assert.rejects(greenlet.get(), boom);
    await assert.rejects(within(1000, greenlet), boom);
    const sync = spawn(() => {
      throw boom;
    });
    await within(1000, sync.join());
    assert.equal(sync.exception, boom);
    await delay(20);
    assert.deepEqual(unhandled, []);
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
});

test('an unobserved failing greenlet is reported (printed) like gevent; an observed one is not', LIMIT, async () => {
  const lonely = new Error('nobody listens');
  const listened = new Error('someone listens');
  const reported = await captureReports(async () => {
    spawn(() => {
      throw lonely;
    });
    const joined = spawn(() => {
      throw listened;
    });
    void joined.join();
    const killed = spawn(() => sleep(1000));
    await sleep(1);
    void killed.kill();
    await delay(30);
  });
  assert.deepEqual(reported, [lonely]);
});

test('the default reporter prints the error and the greenlet to stderr', LIMIT, async () => {
  const written: string[] = [];
  const original = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string) => {
    written.push(String(chunk));
    return true;
  }) as typeof process.stderr.write;
  try {
    const greenlet = spawn(function failingTask() {
      throw new TypeError('printed');
    });
    greenlet.name = 'printer';
    await delay(30);
  } finally {
    process.stderr.write = original;
  }
  const text = written.join('');
  assert.match(text, /TypeError: printed/);
  assert.match(text, /<Greenlet "printer" \(failingTask\)> failed with TypeError/);
});

test('get({ block: false }) and get({ timeout }) throw Timeout while not ready', LIMIT, async () => {
  const greenlet = spawn(() => sleep(200).then(() => 'late'));
  await assert.rejects(greenlet.get({ block: false }), Timeout);
  await assert.rejects(greenlet.get({ timeout: 20 }), Timeout);
  assert.equal(greenlet.ready(), false, 'the get gave up before the greenlet finished');
  assert.equal(await within(1000, greenlet.get()), 'late');
});

test('join(timeout) returns after the timeout without throwing; join() waits', LIMIT, async () => {
  const greenlet = spawn(() => sleep(100));
  await greenlet.join(10);
  assert.equal(greenlet.ready(), false, 'join(10) returned before the greenlet finished');
  await within(1000, greenlet.join());
  assert.equal(greenlet.ready(), true);
});

test('spawnLater starts after the delay; Greenlet.spawnLater and startLater too', LIMIT, async () => {
  const start = Date.now();
  let startedAt = 0;
  const greenlet = spawnLater(50, (x: string) => {
    startedAt = Date.now();
    return x;
  }, 'later');
  await delay(20);
  assert.equal(startedAt, 0);
  assert.equal(greenlet.started, true);
  assert.equal(await within(1000, greenlet), 'later');
  assert.ok(startedAt - start >= 45, `started after ${startedAt - start} ms`);
  const viaClass = Greenlet.spawnLater(10, () => 'class');
  assert.equal(await within(1000, viaClass), 'class');
  const manual = new Greenlet(() => 'manual');
  assert.equal(manual.started, false);
  manual.startLater(5);
  assert.equal(await within(1000, manual), 'manual');
});

test('new Greenlet + start(), static Greenlet.spawn, names and args', LIMIT, async () => {
  const greenlet = new Greenlet((a: unknown, b: unknown) => [a, b], 1, 'x');
  assert.deepEqual(greenlet.args, [1, 'x']);
  assert.match(greenlet.name, /^Greenlet-\d+$/);
  greenlet.start();
  greenlet.start();
  assert.deepEqual(await within(1000, greenlet), [1, 'x']);
  assert.equal(await within(1000, Greenlet.spawn(async () => 7)), 7);
});

test('link, linkValue and linkException call back once settled', LIMIT, async () => {
  const seen: string[] = [];
  const ok = spawn(() => 1);
  ok.link(() => seen.push('link ok'));
  ok.linkValue(() => seen.push('value ok'));
  ok.linkException(() => seen.push('exception ok'));
  const bad = spawn(() => {
    throw new Error('x');
  });
  bad.linkValue(() => seen.push('value bad'));
  bad.linkException(() => seen.push('exception bad'));
  const removed = (): void => void seen.push('removed');
  bad.link(removed);
  bad.unlink(removed);
  await within(1000, Promise.all([ok.join(), bad.join()]));
  assert.deepEqual(seen.sort(), ['exception bad', 'link ok', 'value ok']);
  ok.link(() => seen.push('late link'));
  assert.ok(seen.includes('late link'));
});

test('a killed greenlet is not successful and awaiting it throws GreenletExit', LIMIT, async () => {
  const greenlet = spawn(() => sleep(1000));
  await sleep(1);
  await within(1000, greenlet.kill());
  await assert.rejects(within(1000, greenlet), GreenletExit);
  assert.equal(greenlet.successful(), false);
});
