import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Greenlet, GreenletExit, Group, sleep, spawn } from '../../src/coroutines/index.js';

/** Every test gets this limit, so that no wait in a test can hang the suite. */
const LIMIT = { timeout: 5_000 };
/** Rejects if `promise` has not settled within `ms`: for waits that should be quick. */
const within = <T>(ms: number, promise: PromiseLike<T>): Promise<T> =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`not settled within ${ms} ms`)), ms).unref())]);

test('Group.spawn starts at once without a limit; join waits for all', LIMIT, async () => {
  const group = new Group();
  let running = 0;
  let most = 0;
  const greenlets = Array.from({ length: 20 }, () => group.spawn(async () => {
    running++;
    most = Math.max(most, running);
    await sleep(5);
    running--;
  }));
  assert.equal(group.length, 20);
  assert.equal(group.full(), false);
  assert.equal(await within(1000, group.join()), true);
  assert.equal(most, 20);
  assert.equal(group.length, 0);
  assert.ok(greenlets.every((greenlet) => greenlet.successful()));
});

test('add, has, discard and iteration; members leave when they finish', LIMIT, async () => {
  const a = spawn(() => sleep(20));
  const b = new Greenlet(() => sleep(20));
  const group = new Group([a]);
  group.add(b);
  group.add(b);
  assert.equal(group.length, 2);
  assert.deepEqual([...group], [a, b]);
  group.discard(b);
  assert.equal(group.has(b), false);
  assert.equal(group.has(a), true);
  group.start(b);
  assert.equal(await within(1000, group.join()), true);
  assert.equal(a.successful() && b.successful(), true);
});

test('join(timeout) gives false in time; kill kills every member', LIMIT, async () => {
  const group = new Group();
  const greenlets = [1, 2, 3].map(() => group.spawn(() => sleep(10_000)));
  assert.equal(await within(1000, group.join(10)), false);
  await within(1000, group.kill());
  assert.ok(greenlets.every((greenlet) => greenlet.exception instanceof GreenletExit));
  assert.equal(group.length, 0);
  const one = group.spawn(() => sleep(10_000));
  const other = group.spawn(() => sleep(1));
  await within(1000, group.killone(one));
  assert.ok(one.exception instanceof GreenletExit);
  assert.equal(await within(1000, other), undefined);
});

test('Group.map, imap and apply', LIMIT, async () => {
  const group = new Group();
  assert.deepEqual(await within(1000, group.map((x: number) => sleep(5 - x).then(() => x * 3), [1, 2, 3, 4])), [3, 6, 9, 12]);
  const seen: number[] = [];
  for await (const value of group.imap(async (x: string) => x.length, ['a', 'bb', 'ccc'])) seen.push(value);
  assert.deepEqual(seen, [1, 2, 3]);
  assert.equal(await within(1000, group.apply((a: string) => a.toUpperCase(), ['x'])), 'X');
});

test('await using kills what is left at the end of the block', LIMIT, async () => {
  let survivor: Greenlet<unknown> | undefined;
  {
    await using group = new Group();
    survivor = group.spawn(() => sleep(10_000));
    await sleep(1);
  }
  assert.ok(survivor?.exception instanceof GreenletExit);
});
