// Value and RawValue: typecodes, the lock option, exact counts under getLock() across processes, every typecode
// written in a child and read here.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { getContext } from '../../src/context.js';
import { RawValue, SharedValue, SynchronizedValue, Value, type Typecode } from '../../src/sharedctypes/index.js';
import { Lock, RLock } from '../../src/sync/index.js';
import * as fixtures from '../fixtures/sharedctypes.js';

const T = { timeout: 120_000 };
const CODES = Object.keys(fixtures.TYPECODE_SAMPLES) as Typecode[];

describe('Value', () => {
  test('zero by default, initial values, bigint for q/Q/l/L, one-character strings for c', () => {
    assert.equal(Value('i').value, 0);
    assert.equal(Value('d', 2.5).value, 2.5);
    assert.equal(Value('q', 5).value, 5n);
    assert.equal(Value('Q', 2n ** 64n - 1n).value, 2n ** 64n - 1n);
    assert.equal(Value('l').value, 0n);
    assert.equal(Value('c').value, '\0');
    assert.equal(Value('c', 'x').value, 'x');
    assert.equal(Value('B', 257).value, 1, 'integers wrap as in ctypes');
    const v = RawValue('h', 3);
    v.value += 4;
    assert.equal(v.value, 7);
  });

  test('misuse: bad typecode, a float into an int slot, a long string into c', () => {
    assert.throws(() => Value('x' as Typecode), TypeError);
    assert.throws(() => Value('i', 1.5), TypeError);
    assert.throws(() => Value('q', 1.5), TypeError);
    assert.throws(() => {
      Value('c').value = 'ab';
    }, TypeError);
    assert.throws(() => Value('i', 0, { lock: {} as Lock }), TypeError);
  });

  test('lock option: a new RLock by default, none with false, an existing lock shared', () => {
    const v = Value('i', 1);
    assert.ok(v instanceof SynchronizedValue);
    assert.ok(v.getLock() instanceof RLock);
    assert.ok(!(v.getObj() instanceof SynchronizedValue));
    assert.equal(v.getObj().value, 1);
    const raw = Value('i', 1, { lock: false });
    assert.ok(raw instanceof SharedValue && !(raw instanceof SynchronizedValue));
    assert.equal('getLock' in raw, false);
    const lock = new Lock();
    const shared = Value('i', 1, { lock });
    assert.equal(shared.getLock(), lock);
    {
      using _ = shared.getLock().guard();
      shared.value += 1; // a plain Lock held by this thread: .value does not take it again
    }
    assert.equal(shared.value, 2);
    assert.equal(lock.locked(), false);
    assert.equal(RawValue('i') instanceof SynchronizedValue, false);
  });

  for (const method of ['spawn', 'thread'] as const) {
    test(`4 ${method} children × 5000 increments under getLock() are exact`, T, async () => {
      const { Process } = getContext(method);
      const counter = Value('i', 0);
      const children = [0, 1, 2, 3].map((i) => new Process({ target: i < 2 ? fixtures.increment : fixtures.incrementAsync, args: [counter, 5000] }));
      for (const p of children) p.start();
      await Promise.all(children.map((p) => p.join(90_000)));
      assert.deepEqual(children.map((p) => p.exitcode), [0, 0, 0, 0]);
      assert.equal(counter.value, 20_000);
    });

    test(`every typecode written in a ${method} child reads back here`, T, async () => {
      const { Process } = getContext(method);
      const values = Object.fromEntries(CODES.map((code, i) => [code, i % 2 ? Value(code) : RawValue(code)])) as Record<Typecode, SharedValue>;
      const p = new Process({ target: fixtures.writeSamples, args: [values] });
      p.start();
      await p.join(30_000);
      assert.equal(p.exitcode, 0);
      for (const code of CODES) {
        const expected = fixtures.TYPECODE_SAMPLES[code];
        if (code === 'f') assert.equal(values[code].value, Math.fround(expected as number));
        else assert.equal(values[code].value, expected, `typecode ${code}`);
      }
    });
  }
});
