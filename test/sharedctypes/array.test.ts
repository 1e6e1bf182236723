// SharedArray and RawArray: real typed arrays over shared memory, zero-filled, changed in place by children.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { getContext } from '../../src/context.js';
import { RawArray, SharedArray } from '../../src/sharedctypes/index.js';
import { Lock, RLock } from '../../src/sync/index.js';
import * as fixtures from '../fixtures/sharedctypes.js';

const T = { timeout: 60_000 };

describe('SharedArray and RawArray', () => {
  test('typed arrays of the typecode, zero-filled by size, or from values', () => {
    const zeros = SharedArray('i', 5);
    assert.ok(zeros instanceof Int32Array);
    assert.deepEqual([...zeros], [0, 0, 0, 0, 0]);
    assert.ok(zeros.buffer instanceof SharedArrayBuffer);
    const values = SharedArray('d', [1, 2.5, 3]);
    values[1] = 7;
    assert.deepEqual([...values], [1, 7, 3]);
    assert.deepEqual([...SharedArray('q', [1, 2n])], [1n, 2n]);
    assert.deepEqual([...RawArray('c', 'hi')], [104, 105]);
    const raw = RawArray('H', 3);
    assert.ok(raw instanceof Uint16Array);
    assert.equal('getLock' in raw, false);
    assert.equal(SharedArray('b', 2, { lock: false }) instanceof Int8Array, true);
    assert.ok(RawArray('d', 100_000).length === 100_000, 'large arrays get their own segment');
  });

  test('getLock() and getObj(); map() gives a plain array; misuse', () => {
    const array = SharedArray('i', [1, 2, 3]);
    assert.ok(array.getLock() instanceof RLock);
    const obj = array.getObj();
    obj[0] = 9;
    assert.equal(array[0], 9);
    assert.equal(Object.getPrototypeOf(obj), Int32Array.prototype);
    assert.equal(array.map((x) => x * 2).buffer instanceof SharedArrayBuffer, false);
    const lock = new Lock();
    const withLock = SharedArray('i', 1, { lock });
    assert.equal(withLock.getLock(), lock);
    {
      using _ = withLock.guard();
      assert.equal(lock.locked(), true);
    }
    assert.equal(lock.locked(), false);
    assert.throws(() => SharedArray('i', -1), RangeError);
    assert.throws(() => SharedArray('i', 'ab'), TypeError);
  });

  for (const method of ['spawn', 'thread'] as const) {
    test(`a ${method} child changes arrays in place`, T, async () => {
      const { Process } = getContext(method);
      const synchronized = SharedArray('d', [1, 2, 3]);
      const raw = RawArray('d', [10, 20]);
      for (const array of [synchronized, raw]) {
        const p = new Process({ target: fixtures.doubleInPlace, args: [array] });
        p.start();
        await p.join(30_000);
        assert.equal(p.exitcode, 0);
      }
      assert.deepEqual([...synchronized], [2, 4, 6]);
      assert.deepEqual([...raw], [20, 40]);
    });
  }
});
