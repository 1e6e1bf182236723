// dict, list, Namespace and Value on Redis: Python's semantics through the public API, shared by name between connections.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { IndexError, KeyError, ValueError } from '../../../src/errors.js';
import { Dict, List, Namespace, Value } from '../../../src/distributed/objects/index.js';
import { freshPrefix, setUp, T, type Setup } from './helpers.js';

describe('distributed dict, list, Namespace, Value', () => {
  let s: Setup;
  before(async () => {
    s = await setUp();
  });
  after(() => s.close());

  test('dict: the whole API, seen from a second connection', T, async () => {
    const prefix = freshPrefix();
    const d = new Dict<string | number, unknown>(s.open(prefix), 'd');
    const other = new Dict<string | number, unknown>(s.open(prefix), 'd');
    await d.set('a', 1);
    await d.set(2, new Map([['x', new Date(3)]]));
    assert.equal(await other.get('a'), 1);
    assert.deepEqual(await other.get(2), new Map([['x', new Date(3)]]));
    assert.equal(await other.get('missing'), undefined);
    assert.equal(await other.get('missing', 'fallback'), 'fallback');
    assert.equal(await other.has('a'), true);
    assert.equal(await other.has('2'), false, 'the number 2 and the string "2" are different keys');
    assert.equal(await other.len(), 2);
    assert.deepEqual((await other.keys()).sort(), [2, 'a'].sort());
    await other.update({ b: [1, 2] });
    await other.update(new Map([['c', 10n]]));
    await other.update([['d', null]]);
    assert.equal(await d.len(), 5);
    assert.equal(await d.pop('c'), 10n);
    assert.equal(await d.pop('c', 'none'), 'none');
    await assert.rejects(d.pop('c'), KeyError);
    assert.equal(await d.setdefault('e', 5), 5);
    assert.equal(await d.setdefault('e', 6), 5);
    assert.equal(await d.delete('d'), true);
    assert.equal(await d.delete('d'), false);
    const copy = await other.copy();
    assert.deepEqual(copy, new Map<unknown, unknown>([['a', 1], [2, new Map([['x', new Date(3)]])], ['b', [1, 2]], ['e', 5]]));
    assert.deepEqual(new Map(await other.items()), copy);
    assert.deepEqual((await other.values()).length, 4);
    const iterated = [];
    for await (const key of other) iterated.push(key);
    assert.equal(iterated.length, 4);
    await assert.rejects(d.set({} as never, 1), TypeError);
    await assert.rejects(d.update(5 as never), TypeError);
    await d.clear();
    assert.equal(await other.len(), 0);
    assert.deepEqual(await s.keys(prefix), []);
  });

  test('list: Python index arithmetic, insert/pop/remove/index/count/slice, IndexError and ValueError', T, async () => {
    const prefix = freshPrefix();
    const l = new List<unknown>(s.open(prefix), 'l');
    const other = new List<unknown>(s.open(prefix), 'l');
    await l.extend([1, 2, 3]);
    await l.append({ four: 4 });
    assert.equal(await other.len(), 4);
    assert.equal(await other.get(0), 1);
    assert.deepEqual(await other.get(-1), { four: 4 });
    await assert.rejects(other.get(4), IndexError);
    await other.set(1, 'two');
    await assert.rejects(other.set(9, 'x'), IndexError);
    await l.insert(0, 'first');
    await l.insert(2, 'middle');
    await l.insert(100, 'last');
    await l.insert(-100, 'very first');
    assert.deepEqual(await other.copy(), ['very first', 'first', 1, 'middle', 'two', 3, { four: 4 }, 'last']);
    assert.equal(await l.pop(), 'last');
    assert.equal(await l.pop(0), 'very first');
    assert.equal(await l.pop(2), 'middle');
    await assert.rejects(l.pop(99), IndexError);
    assert.deepEqual(await l.copy(), ['first', 1, 'two', 3, { four: 4 }]);
    await l.append(1);
    assert.equal(await l.count(1), 2);
    assert.equal(await l.index(1), 1);
    await l.remove(1);
    assert.equal(await l.index(1), 4);
    await assert.rejects(l.remove('absent'), ValueError);
    await assert.rejects(l.index('absent'), ValueError);
    assert.deepEqual(await l.slice(1, 3), ['two', 3]);
    assert.deepEqual(await l.slice(-2), [{ four: 4 }, 1]);
    assert.deepEqual(await l.slice(3, 1), []);
    const iterated = [];
    for await (const item of other) iterated.push(item);
    assert.deepEqual(iterated, await l.copy());
    await assert.rejects(l.get(1.5), TypeError);
    await l.unlink();
    assert.deepEqual(await s.keys(prefix), []);
  });

  test('list: iteration pages through a long list', T, async () => {
    const l = new List<number>(s.open(freshPrefix()), 'long');
    const items = Array.from({ length: 1000 }, (_, i) => i);
    await l.extend(items);
    const seen = [];
    for await (const item of l) seen.push(item);
    assert.deepEqual(seen, items);
    await l.unlink();
  });

  test('Namespace: fields by name, KeyError for one never set', T, async () => {
    const prefix = freshPrefix();
    const ns = new Namespace(s.open(prefix), 'ns');
    const other = new Namespace(s.open(prefix), 'ns');
    await ns.set('x', 1);
    await ns.set('y', { z: new Set([1]) });
    assert.equal(await other.get('x'), 1);
    assert.deepEqual(await other.toObject(), { x: 1, y: { z: new Set([1]) } });
    assert.equal(await other.has('y'), true);
    await other.delete('y');
    await assert.rejects(ns.get('y'), KeyError);
    await assert.rejects(ns.delete('y'), KeyError);
    await assert.rejects(ns.set('' as never, 1), TypeError);
    await ns.unlink();
    assert.deepEqual(await s.keys(prefix), []);
  });

  test('Value: initial value, set, compareAndSet, and update that loses no increment under contention', T, async () => {
    const prefix = freshPrefix();
    const v = new Value<number>(s.open(prefix), 'v', 10);
    const other = new Value<number>(s.open(prefix), 'v', 10);
    assert.equal(await other.get(), 10);
    await v.set(11);
    assert.equal(await other.get(), 11);
    assert.equal(await other.compareAndSet(10, 20), false);
    assert.equal(await other.compareAndSet(11, 20), true);
    assert.equal(await v.get(), 20);
    await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? v : other).update((n) => n + 1)));
    assert.equal(await v.get(), 40);
    await v.unlink();
    assert.equal(await other.get(), 10, 'unlink resets to the initial value');
    assert.deepEqual(await s.keys(prefix), []);
  });
});
