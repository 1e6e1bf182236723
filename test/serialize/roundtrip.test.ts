// The serializer: structured-clone values both ways, classes and errors kept, unsendable values refused by path.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { encode, decode, decodeAsync } from '../../src/serialize/index.js';
import { ValueError, Empty } from '../../src/errors.js';
import { Point, CustomError } from '../fixtures/targets.js';

const roundTrip = (value: unknown) => decode(encode(value));

describe('serialize', () => {
  test('structured-clone values survive: Map, Set, Date, RegExp, bigint, typed arrays, undefined vs null, cycles', () => {
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    const value = {
      map: new Map<unknown, unknown>([[1, 'a'], ['1', 'b'], [0.25, null]]),
      set: new Set([1, 'x']),
      date: new Date(1234),
      regexp: /a+b/gi,
      big: 2n ** 70n,
      floats: new Float64Array([1.5, -2]),
      bytes: Buffer.from('hi'),
      nothing: undefined,
      empty: null,
      cyclic,
      text: 'é€😀',
    };
    const out = roundTrip(value) as typeof value;
    assert.deepEqual([...out.map], [[1, 'a'], ['1', 'b'], [0.25, null]]);
    assert.deepEqual([...out.set], [1, 'x']);
    assert.equal(out.date.getTime(), 1234);
    assert.equal(out.regexp.source, 'a+b');
    assert.equal(out.regexp.flags, 'gi');
    assert.equal(out.big, 2n ** 70n);
    assert.ok(out.floats instanceof Float64Array);
    assert.deepEqual([...out.floats], [1.5, -2]);
    assert.equal(Buffer.from(out.bytes).toString(), 'hi');
    assert.ok('nothing' in out && out.nothing === undefined);
    assert.equal(out.empty, null);
    assert.equal((out.cyclic as any).self, out.cyclic);
    assert.equal(out.text, 'é€😀');
  });

  test('instances of exported classes keep their class and methods', () => {
    const out = roundTrip({ p: new Point(3, 4), list: [new Point(0, 1)] }) as { p: Point; list: Point[] };
    assert.ok(out.p instanceof Point);
    assert.equal(out.p.norm(), 5);
    assert.ok(out.list[0] instanceof Point);
  });

  test('errors keep class, message, own properties, cause and the remote stack', async () => {
    const original = new CustomError('bad thing', 'E_BAD');
    (original as any).extra = { detail: [1, 2] };
    const wrapped = new ValueError('outer', { cause: original });
    const out = (await decodeAsync(encode(wrapped))) as ValueError;
    assert.ok(out instanceof ValueError);
    assert.equal(out.message, 'outer');
    const cause = out.cause as CustomError;
    assert.ok(cause instanceof CustomError);
    assert.equal(cause.code, 'E_BAD');
    assert.deepEqual((cause as any).extra, { detail: [1, 2] });
    assert.match(cause.stack!, /CustomError: bad thing/);
    assert.match(cause.stack!, /roundtrip\.test\.ts/);
    assert.match(cause.stack!, /received from another process/);
    for (const error of [new TypeError('t'), new RangeError('r'), new Empty(), new AggregateError([new Error('a')], 'agg')]) {
      const back = roundTrip(error) as Error;
      assert.equal(back.constructor, error.constructor);
      assert.equal(back.message, error.message);
    }
  });

  test('an unsendable value is refused with a TypeError naming its path', () => {
    const cases: [unknown, RegExp][] = [
      [[1, { cb: () => 1 }], /cannot send args\[1\]\.cb: function cb/],
      [{ s: Symbol('x') }, /cannot send args\.s: Symbol\(x\)/],
      [{ p: Promise.resolve() }, /cannot send args\.p: a Promise/],
      [{ w: new WeakMap() }, /cannot send args\.w: a WeakMap/],
      [{ out: process.stdout }, /cannot send args\.out: a \w+ cannot be copied.*Node\.js or native classes/],
      [new Map([['k', [function named() {}]]]), /cannot send args\[0\]\[0\]: function named/],
      [{ sab: new SharedArrayBuffer(8) }, /cannot send args\.sab: a SharedArrayBuffer/],
    ];
    for (const [value, message] of cases) assert.throws(() => encode(value, { root: 'args' }), { name: 'TypeError', message });
  });

  test('a SharedArrayBuffer goes to a thread as an attachment: the same memory', () => {
    const sab = new SharedArrayBuffer(8);
    const attachments: SharedArrayBuffer[] = [];
    const bytes = encode({ view: new Int32Array(sab, 4, 1), sab }, { attachments });
    assert.equal(attachments.length, 1);
    const out = decode(bytes, attachments) as { view: Int32Array; sab: SharedArrayBuffer };
    out.view[0] = 42;
    assert.equal(new Int32Array(sab)[1], 42);
    assert.equal(out.sab, sab);
  });
});
