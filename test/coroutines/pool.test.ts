import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getcurrent, GreenletExit, Pool, sleep } from '../../src/coroutines/index.js';
import { ValueError } from '../../src/errors.js';

/** Every test gets this limit, so that no wait in a test can hang the suite. */
const LIMIT = { timeout: 5_000 };
/** Rejects if `promise` has not settled within `ms`: for waits that should be quick. */
const within = <T>(ms: number, promise: PromiseLike<T>): Promise<T> =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`not settled within ${ms} ms`)), ms).unref())]);
/** A plain timer promise that no greenlet kill can interrupt. */
const delay = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

/** A task that records how many run at once. */
function tracker() {
  const state = { running: 0, most: 0 };
  const task = async (ms: number): Promise<number> => {
    state.running++;
    state.most = Math.max(state.most, state.running);
    try {
      await sleep(ms);
      return ms;
    } finally {
      state.running--;
    }
  };
  return { state, task };
}

test('spawn never runs more than size at once; queued greenlets start as slots free', LIMIT, async () => {
  const pool = new Pool(3);
  const { state, task } = tracker();
  const greenlets = Array.from({ length: 12 }, (_, i) => pool.spawn(task, (i % 4) * 3 + 1));
  assert.equal(pool.freeCount(), 0);
  assert.equal(pool.full(), true);
  assert.equal(pool.length, 3);
  assert.equal(await within(2000, pool.join()), true);
  assert.equal(state.most, 3);
  assert.ok(greenlets.every((greenlet) => greenlet.successful()));
  assert.equal(pool.freeCount(), 3);
  assert.equal(pool.length, 0);
});

test('map keeps input order and never exceeds size, with sync, async and failing-free functions', LIMIT, async () => {
  const pool = new Pool(4);
  const { state, task } = tracker();
  const input = Array.from({ length: 40 }, (_, i) => (i * 7) % 5);
  assert.deepEqual(await within(2000, pool.map(task, input)), input);
  assert.equal(state.most, 4);
  assert.deepEqual(await within(1000, pool.map((x: number) => x * 2, [1, 2, 3])), [2, 4, 6]);
  assert.deepEqual(await within(1000, pool.map((x: number) => x, [])), []);
  const many = Array.from({ length: 20_000 }, (_, i) => i);
  const doubled = await within(3000, pool.map((x: number) => x * 2, many));
  assert.equal(doubled[19_999], 39_998);
});

test('map rejects with the first failure, stops reading input and kills what still runs', LIMIT, async () => {
  const pool = new Pool(2);
  const boom = new Error('boom');
  let read = 0;
  let survivorKilled = false;
  function* input(): Generator<number> {
    for (let i = 0; i < 1000; i++) {
      read++;
      yield i;
    }
  }
  const work = async (x: number): Promise<number> => {
    if (x === 3) throw boom;
    try {
      await sleep(x === 2 ? 500 : 1);
    } catch (error) {
      if (error instanceof GreenletExit) survivorKilled = true;
      throw error;
    }
    return x;
  };
  await assert.rejects(within(1000, pool.map(work, input())), boom);
  assert.ok(read < 10, `read ${read} items`);
  assert.equal(await within(1000, pool.join()), true);
  assert.equal(survivorKilled, true);
});

test('imap is lazy over an endless generator and keeps order; breaking out kills the rest', LIMIT, async () => {
  const pool = new Pool(3);
  let read = 0;
  let closed = false;
  function* naturals(): Generator<number> {
    try {
      for (let i = 0; ; i++) {
        read++;
        yield i;
      }
    } finally {
      closed = true;
    }
  }
  const got: number[] = [];
  for await (const value of pool.imap(async (x: number) => {
    await sleep((x * 13) % 5);
    return x * x;
  }, naturals())) {
    got.push(value);
    if (got.length === 10) break;
  }
  assert.deepEqual(got, [0, 1, 4, 9, 16, 25, 36, 49, 64, 81]);
  assert.ok(read <= 10 + 6 + 1, `read ${read} items for 10 results`);
  assert.equal(closed, true);
  assert.equal(await within(1000, pool.join()), true);
});

test('imap reads no further than maxsize ahead of a slow consumer', LIMIT, async () => {
  const pool = new Pool(2);
  let read = 0;
  const input = (function* () {
    for (let i = 0; ; i++) {
      read++;
      yield i;
    }
  })();
  const iterator = pool.imap((x: number) => x, input, { maxsize: 3 });
  assert.deepEqual(await within(1000, iterator.next()), { done: false, value: 0 });
  await delay(20);
  assert.ok(read <= 4 + 1, `read ${read} while the consumer took one`);
  await iterator.return!();
});

test('imapUnordered yields as results finish, over sync and async iterables', LIMIT, async () => {
  const pool = new Pool(4);
  const order: number[] = [];
  for await (const value of pool.imapUnordered((x: number) => sleep((4 - x) * 25).then(() => x), [0, 1, 2, 3])) order.push(value);
  assert.deepEqual(order, [3, 2, 1, 0]);
  async function* source(): AsyncGenerator<number> {
    for (let i = 0; i < 5; i++) {
      await sleep(1);
      yield i;
    }
  }
  const collected: number[] = [];
  for await (const value of pool.imapUnordered(async (x: number) => x * 10, source())) collected.push(value);
  assert.deepEqual(collected.sort((a, b) => a - b), [0, 10, 20, 30, 40]);
  assert.deepEqual(await within(1000, pool.map(async (x: number) => x + 1, source())), [1, 2, 3, 4, 5]);
});

test('imap surfaces a failure after the results before it', LIMIT, async () => {
  const pool = new Pool(2);
  const got: number[] = [];
  await assert.rejects(within(1000, (async () => {
    for await (const value of pool.imap(async (x: number) => {
      if (x === 2) throw new RangeError('two');
      return x;
    }, [0, 1, 2, 3])) got.push(value);
  })()), RangeError);
  assert.deepEqual(got, [0, 1]);
});

test('join(timeout) resolves false while greenlets run; kill() kills members and queued spawns', LIMIT, async () => {
  const pool = new Pool(2);
  const started: number[] = [];
  const greenlets = [0, 1, 2, 3].map((i) => pool.spawn(async () => {
    started.push(i);
    await sleep(10_000);
  }));
  assert.equal(await within(1000, pool.join(20)), false);
  await within(1000, pool.kill()); // the members slept far longer: they were interrupted, not waited for
  assert.deepEqual(started, [0, 1]);
  for (const greenlet of greenlets) assert.ok(greenlet.exception instanceof GreenletExit);
  assert.equal(await within(1000, pool.join()), true);
  assert.equal(pool.freeCount(), 2);
  assert.deepEqual(await within(1000, pool.map((x: number) => x, [1])), [1], 'still usable after kill');
});

test('kill() during map rejects the map with GreenletExit', LIMIT, async () => {
  const pool = new Pool(2);
  const mapping = pool.map((ms: number) => sleep(ms), [1000, 1000, 1000]);
  await sleep(5);
  await within(1000, pool.kill());
  await assert.rejects(within(1000, mapping), GreenletExit);
});

test('a queued greenlet killed before its turn frees its place; waitAvailable waits for a slot', LIMIT, async () => {
  const pool = new Pool(1);
  const first = pool.spawn(() => sleep(40));
  const queued = pool.spawn(() => 'never');
  await within(1000, queued.kill());
  assert.equal(queued.dead, true);
  assert.equal(pool.full(), true);
  const start = Date.now();
  assert.equal(await within(1000, pool.waitAvailable()), 1);
  assert.ok(Date.now() - start >= 30);
  assert.equal(first.successful(), true);
  pool.spawn(() => sleep(100));
  assert.equal(await within(1000, pool.waitAvailable(10)), 0);
  await pool.kill();
});

test('apply runs in the pool and gives the result; from inside a member it runs directly', LIMIT, async () => {
  const pool = new Pool(1);
  assert.equal(await within(1000, pool.apply((a: number, b: number) => a * b, [6, 7])), 42);
  const outer = pool.spawn(() => pool.apply(() => getcurrent().minimalIdent));
  assert.equal(await within(1000, outer), outer.minimalIdent, 'ran in the calling member: no deadlock in a full pool');
  const viaAsync = await within(1000, pool.mapAsync((x: number) => x + 1, [1, 2]));
  assert.deepEqual(viaAsync, [2, 3]);
});

test('invalid sizes are refused; no size means no limit', LIMIT, () => {
  assert.throws(() => new Pool(0), ValueError);
  assert.throws(() => new Pool(1.5), ValueError);
  assert.equal(new Pool().size, Infinity);
  assert.equal(new Pool(5).size, 5);
});
