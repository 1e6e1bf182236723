import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getcurrent, getmain, type Greenlet, Pool, sleep, spawn } from '../../src/coroutines/index.js';

/** Every test gets this limit, so that no wait in a test can hang the suite. */
const LIMIT = { timeout: 5_000 };
/** Rejects if `promise` has not settled within `ms`: for waits that should be quick. */
const within = <T>(ms: number, promise: PromiseLike<T>): Promise<T> =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`not settled within ${ms} ms`)), ms).unref())]);
/** A plain timer promise that no greenlet kill can interrupt. */
const delay = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

test('getcurrent is the running greenlet, across awaits, timers and nested calls', LIMIT, async () => {
  const seen: boolean[] = [];
  const greenlet = spawn(async () => {
    const me = getcurrent();
    seen.push(me === greenlet);
    await sleep(2);
    seen.push(getcurrent() === me);
    await delay(2);
    seen.push(getcurrent() === me);
    await new Promise<void>((done) => setTimeout(() => {
      seen.push(getcurrent() === me);
      done();
    }, 1));
    const inner = async (): Promise<boolean> => {
      await Promise.resolve();
      return getcurrent() === me;
    };
    seen.push(await inner());
  });
  await within(1000, greenlet);
  assert.deepEqual(seen, [true, true, true, true, true]);
});

test('concurrent greenlets each see themselves', LIMIT, async () => {
  const greenlets = Array.from({ length: 10 }, (_, i) => spawn(async () => {
    const before = getcurrent();
    await sleep((10 - i) % 4);
    return before === getcurrent() ? getcurrent().args.length : -1;
  }));
  const values = await within(1000, Promise.all(greenlets));
  assert.deepEqual(values, Array(10).fill(0));
  for (const greenlet of greenlets) assert.equal(greenlet.successful(), true);
});

test('a greenlet spawned from a greenlet has its own identity; outside, getcurrent is the main pseudo-greenlet', LIMIT, async () => {
  const main = getcurrent();
  assert.equal(main, getmain());
  assert.equal(main.name, 'MainGreenlet');
  assert.equal(main.signal.aborted, false);
  const outer: Greenlet<boolean> = spawn(async () => {
    const child = spawn(() => getcurrent().minimalIdent);
    const inChild = await child;
    return inChild === child.minimalIdent && getcurrent() === outer;
  });
  assert.equal(await within(1000, outer), true);
  assert.equal(getcurrent(), main);
  const selfish = spawn(() => getcurrent());
  await within(1000, selfish.join());
  assert.ok(selfish.exception instanceof TypeError, 'returning itself fails instead of hanging');
});

test('pooled map functions see their own greenlet', LIMIT, async () => {
  const pool = new Pool(3);
  const idents = await within(1000, pool.map(async (x: number) => {
    const me = getcurrent();
    await sleep(1);
    return me === getcurrent() && me.args[0] === x ? me.minimalIdent : -1;
  }, [1, 2, 3, 4, 5, 6]));
  assert.equal(new Set(idents).size, 6);
  assert.ok(idents.every((ident) => ident > 0));
});
