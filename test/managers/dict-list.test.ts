// Manager().dict() and .list(): seed 003 (10 processes share a dict and a list), the whole Map + dict API, nested
// proxies, and proxies that keep working in children under every start method.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Process } from '../../src/process/index.js';
import { getContext } from '../../src/context.js';
import { DictProxy, ListProxy, Manager, type SyncManager } from '../../src/managers/index.js';
import { IndexError, KeyError, ValueError } from '../../src/errors.js';
import * as targets from '../fixtures/managers.js';

const T = { timeout: 90_000 };

describe('Manager().dict() and list()', () => {
  let manager: SyncManager;
  before(async () => {
    manager = await Manager();
  });
  after(async () => {
    await manager.shutdown();
  });

  test('seed 003: 10 processes write d[n], d["2"], d[0.25] and append n', T, async () => {
    const d = await manager.dict();
    const l = await manager.list([0, 1, 2, 3, 4]);
    const children = Array.from({ length: 10 }, (_, n) => new Process({ target: targets.seedWriter, args: [d, l, n] }));
    for (const p of children) p.start();
    for (const p of children) await p.join(60_000);
    assert.deepEqual(children.map((p) => p.exitcode), Array(10).fill(0));
    // Python prints {6: '1', '2': 2, 0.25: None, 2: '1', 7: '1', ...}: as Map entries, in any order.
    const entries = [...(await d.copy())];
    const expected: [unknown, unknown][] = [['2', 2], [0.25, null], ...Array.from({ length: 10 }, (_, n) => [n, '1'] as [number, string])];
    const byKey = (a: [unknown, unknown], b: [unknown, unknown]) => `${typeof a[0]}${String(a[0])}`.localeCompare(`${typeof b[0]}${String(b[0])}`);
    assert.deepEqual(entries.sort(byKey), expected.sort(byKey));
    assert.equal(await d.has('1'), false, "'1' and 1 are different keys");
    const items = await l.copy();
    assert.equal(items.length, 15);
    assert.deepEqual(items.slice(0, 5), [0, 1, 2, 3, 4]);
    assert.deepEqual(items.slice(5).sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  test('dict: Map and Python dict methods; keys of any type; copy() is a plain Map', T, async () => {
    const d = await manager.dict<unknown, unknown>([['a', 1]]);
    assert.ok(d instanceof DictProxy);
    assert.equal(await d.set(1, 'one'), d);
    await d.set('1', 'string one');
    await d.set(0.25, null);
    assert.equal(await d.get(1), 'one');
    assert.equal(await d.get('1'), 'string one');
    assert.equal(await d.get('missing'), undefined);
    assert.equal(await d.get('missing', 'dflt'), 'dflt');
    assert.equal(await d.len(), 4);
    assert.deepEqual(await d.keys(), ['a', 1, '1', 0.25]);
    assert.deepEqual(await d.values(), [1, 'one', 'string one', null]);
    assert.deepEqual(await d.items(), await d.entries());
    await d.update({ b: 2 });
    await d.update(new Map<unknown, unknown>([[true, 'yes']]));
    await d.update([['c', 3]]);
    assert.equal(await d.pop('b'), 2);
    assert.equal(await d.pop('b', 'gone'), 'gone');
    await assert.rejects(d.pop('b'), KeyError);
    assert.equal(await d.setdefault('s', 5), 5);
    assert.equal(await d.setdefault('s', 6), 5);
    assert.equal(await d.delete('s'), true);
    assert.equal(await d.delete('s'), false);
    assert.equal(await d.has(true), true);
    const copy = await d.copy();
    assert.ok(copy instanceof Map);
    assert.equal(copy.get(0.25), null);
    await d.clear();
    assert.equal(await d.len(), 0);
    await assert.rejects(d.popitem(), KeyError);
    await assert.rejects(() => d.set('f', () => 1), TypeError, 'a function is refused at the sender');
  });

  test('list: Python list methods with negative indexes and Python errors', T, async () => {
    const l = await manager.list<number>([3, 1, 2]);
    assert.ok(l instanceof ListProxy);
    assert.equal(await l.get(-1), 2);
    await l.set(0, 30);
    await l.append(4);
    await l.extend([5, 5]);
    await l.insert(0, 0);
    assert.deepEqual(await l.copy(), [0, 30, 1, 2, 4, 5, 5]);
    assert.equal(await l.pop(), 5);
    assert.equal(await l.pop(0), 0);
    assert.equal(await l.count(5), 1);
    assert.equal(await l.index(2), 2);
    await l.remove(30);
    assert.deepEqual(await l.slice(1, 3), [2, 4]);
    await l.sort({ reverse: true });
    assert.deepEqual(await l.copy(), [5, 4, 2, 1]);
    await l.reverse();
    assert.equal(await l.len(), 4);
    await assert.rejects(l.get(10), (error: Error) => error instanceof IndexError && error.message === 'list index out of range');
    await assert.rejects(l.remove(99), ValueError);
    await assert.rejects(l.index(99), ValueError);
  });

  test('nested proxies: a proxy stored in a dict or list stays a proxy to the same object', T, async () => {
    const outer = await manager.dict();
    const inner = await manager.list<string>();
    const holder = await manager.list();
    await outer.set('inner', inner);
    await holder.append(outer);
    const viaHolder = (await holder.get(0)) as DictProxy;
    assert.ok(viaHolder instanceof DictProxy);
    const viaOuter = (await viaHolder.get('inner')) as ListProxy;
    assert.ok(viaOuter instanceof ListProxy);
    await viaOuter.append('parent');
    const children = ['a', 'b'].map((tag) => new Process({ target: targets.nestedWriter, args: [outer, inner, tag] }));
    for (const p of children) p.start();
    for (const p of children) await p.join(60_000);
    assert.deepEqual((await inner.copy()).sort(), ['a', 'b', 'parent']);
    const copy = await outer.copy();
    assert.ok(copy.get('a') instanceof ListProxy, 'copy() keeps nested proxies as proxies');
  });

  for (const method of ['spawn', 'forkserver', 'thread'] as const) {
    test(`a proxy works in a child started with '${method}'`, T, async () => {
      const d = await manager.dict();
      const l = await manager.list();
      const p = new (getContext(method).Process)({ target: targets.seedWriter, args: [d, l, 7] });
      p.start();
      await p.join(60_000);
      assert.equal(p.exitcode, 0);
      assert.equal(await d.get(7), '1');
      assert.deepEqual(await l.copy(), [7]);
    });
  }
});
