// Proxies as Python has them: managed lists and dicts are (async-)iterable, a managed Pool is a disposable scope
// (terminated at its end, as Python's `with` does), and a method starting with '_' is callable once exposed by name.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { RemoteError, ValueError } from '../../src/errors.js';
import { AutoProxy, Manager, type Proxied, type SyncManager } from '../../src/managers/index.js';
import { Counter, CounterManager, square } from '../fixtures/managers.js';

const T = { timeout: 90_000 };

describe('proxies', () => {
  let manager: SyncManager;
  before(async () => {
    manager = await Manager();
  });
  after(async () => {
    await manager.shutdown();
  });

  test('for await over a ListProxy gives its items in order, long lists included', T, async () => {
    const short = await manager.list(['a', 1, null]);
    const seen: unknown[] = [];
    for await (const item of short) seen.push(item);
    assert.deepEqual(seen, ['a', 1, null]);
    const numbers = Array.from({ length: 600 }, (_, i) => i);
    const long = await manager.list(numbers);
    const all: number[] = [];
    for await (const item of long) all.push(item);
    assert.deepEqual(all, numbers);
    const empty = await manager.list();
    for await (const item of empty) assert.fail(`an empty list yielded ${String(item)}`);
  });

  test('for await over a DictProxy gives its [key, value] pairs, as a Map does', T, async () => {
    const dict = await manager.dict<string | number, string>([['x', 'one'], [2, 'two']]);
    const pairs: [string | number, string][] = [];
    for await (const pair of dict) pairs.push(pair);
    assert.deepEqual(pairs, [['x', 'one'], [2, 'two']]);
  });

  test('await using a PoolProxy terminates the pool at the end of the scope', T, async () => {
    let kept: Awaited<ReturnType<SyncManager['Pool']>> | undefined;
    {
      await using pool = await manager.Pool(1);
      kept = pool;
      assert.equal(await pool.apply(square, [3]), 9);
    }
    await assert.rejects(kept.apply(square, [4]), (error: Error) => error instanceof ValueError && /not running/i.test(error.message));
  });
});

test("an exposed method whose name starts with '_' is callable when listed; unlisted it is still refused", T, async () => {
  await using counters = new CounterManager();
  await counters.start();
  const open = await counters.create<AutoProxy & Proxied<Counter>>('OpenCounter', 3);
  assert.equal(await open._secret(), 'hidden');
  assert.equal(await open.value(), 3);
  const closed = await counters.create<AutoProxy & Proxied<Counter>>('Counter', 3);
  await assert.rejects(closed._callMethod('_secret'), (error: Error) => error instanceof RemoteError && /not in exposed/.test(error.message));
});
