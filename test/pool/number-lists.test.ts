// The number-list format of pool chunks (pool/number-lists.ts), read as a worker or the parent reads what comes over a
// pipe: bytes from a peer that do not make a whole list are refused with DecodeError, never read past.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeNumberList, encodeNumberList, isNumberList } from '../../src/pool/number-lists.js';

test('a list of numbers round-trips; short lists and lists with anything else are left to MessagePack', () => {
  const floats = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? -0 : i / 3));
  const decoded = decodeNumberList(encodeNumberList(floats)!);
  floats.forEach((value, i) => assert.ok(Object.is(decoded[i], value)));
  assert.equal(encodeNumberList([1, 2, 3]), null);
  assert.equal(encodeNumberList([...Array.from({ length: 20 }, (_, i) => i), '21']), null);
  assert.equal(encodeNumberList(new Array(20)), null, 'holes are not numbers');
});

test('integers that fit 32 bits take 4 bytes each, others 8', () => {
  const ints = Array.from({ length: 32 }, (_, i) => i - 16);
  assert.equal(encodeNumberList(ints)!.length, 8 + 32 * 4);
  assert.equal(encodeNumberList([...ints.slice(1), 2 ** 31])!.length, 8 + 32 * 8);
});

test('bytes that are not a whole number list are refused with DecodeError', () => {
  const good = encodeNumberList(Array.from({ length: 16 }, (_, i) => i))!;
  assert.ok(isNumberList(good));
  const truncated = good.subarray(0, good.length - 1);
  const badKind = Uint8Array.from(good);
  badKind[1] = 9;
  const longCount = Uint8Array.from(good);
  new DataView(longCount.buffer).setUint32(4, 0xffffffff, true);
  for (const bytes of [truncated, badKind, longCount, good.subarray(0, 3)]) {
    assert.throws(() => decodeNumberList(bytes), { name: 'DecodeError' });
  }
});
