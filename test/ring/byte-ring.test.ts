// ByteRing on its own, in one thread: records in order with their kinds, wrap-around, a full ring, visiting.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ByteRing } from '../../src/ring/byte-ring.js';
import { CONSUMER_LOCK, RING_HEADER_WORDS, recordSize } from '../../src/ring/ring-layout.js';

const HEADER_BYTES = RING_HEADER_WORDS * 4;

function makeRing(capacity: number): ByteRing {
  const buffer = new SharedArrayBuffer(HEADER_BYTES + capacity);
  ByteRing.initialize(buffer, 0, capacity);
  return new ByteRing(buffer, 0, HEADER_BYTES, capacity);
}

const bytes = (...values: number[]) => Uint8Array.from(values);

test('a capacity that is not a power of two of at least 64 is refused', () => {
  const buffer = new SharedArrayBuffer(HEADER_BYTES + 256);
  assert.throws(() => ByteRing.initialize(buffer, 0, 100), RangeError);
  assert.throws(() => ByteRing.initialize(buffer, 0, 32), RangeError);
});

test('records come out in order, whole, with their kinds; an empty record is a record', () => {
  const ring = makeRing(256);
  assert.equal(ring.hasData(), false);
  assert.equal(ring.tryRead(), null);
  assert.equal(ring.tryWrite(0, bytes(1, 2, 3)), true);
  assert.equal(ring.tryWrite(1, bytes()), true);
  assert.equal(ring.tryWrite(0, new Uint8Array(100).fill(7)), true);
  assert.equal(ring.usedBytes(), recordSize(3) + recordSize(0) + recordSize(100));
  assert.deepEqual([...ring.tryRead()!], [1, 2, 3]);
  assert.equal(ring.lastKind, 0);
  assert.equal(ring.tryRead()!.length, 0);
  assert.equal(ring.lastKind, 1);
  assert.deepEqual(ring.tryRead(), Buffer.alloc(100, 7));
  assert.equal(ring.hasData(), false);
  assert.equal(ring.usedBytes(), 0);
});

test('a record that does not fit is refused and leaves the ring as it was', () => {
  const ring = makeRing(64);
  assert.equal(ring.fits(60), true);
  assert.equal(ring.fits(61), false);
  assert.equal(ring.tryWrite(0, new Uint8Array(40)), true);
  assert.equal(ring.fits(20), false);
  assert.equal(ring.tryWrite(0, new Uint8Array(20)), false);
  assert.equal(ring.usedBytes(), recordSize(40));
  assert.equal(ring.tryRead()!.length, 40);
  assert.equal(ring.tryWrite(0, new Uint8Array(20)), true);
});

test('records that straddle the end of the data wrap around intact, for small and large payloads', () => {
  const ring = makeRing(128);
  let next = 0;
  const expected: number[][] = [];
  // Sizes chosen so that writes start at every alignment of the ring over many rounds.
  for (let round = 0; round < 200; round++) {
    const size = [1, 5, 13, 30, 57, 64][round % 6];
    const payload = Uint8Array.from({ length: size }, () => next++ & 0xff);
    while (!ring.tryWrite(round % 2, payload)) {
      assert.deepEqual([...ring.tryRead()!], expected.shift());
    }
    expected.push([...payload]);
  }
  for (let record = ring.tryRead(); record !== null; record = ring.tryRead()) assert.deepEqual([...record], expected.shift());
  assert.equal(expected.length, 0);
});

test('forEachRecord visits what is left and consumes it', () => {
  const ring = makeRing(256);
  ring.tryWrite(0, bytes(1));
  ring.tryWrite(1, bytes(2, 2));
  const seen: [number, number[]][] = [];
  ring.forEachRecord((kind, payload) => seen.push([kind, [...payload]]));
  assert.deepEqual(seen, [[0, [1]], [1, [2, 2]]]);
  assert.equal(ring.hasData(), false);
});

test('forEachRecord, run once every holder is gone, does not wait for a consumer lock a dead reader left held', { timeout: 10_000 }, () => {
  const buffer = new SharedArrayBuffer(HEADER_BYTES + 256);
  ByteRing.initialize(buffer, 0, 256);
  const ring = new ByteRing(buffer, 0, HEADER_BYTES, 256);
  ring.tryWrite(0, bytes(7));
  // What a process killed while reading leaves: the lock taken, with a sleeper registered.
  Atomics.store(new Int32Array(buffer), CONSUMER_LOCK, 2);
  const seen: number[][] = [];
  ring.forEachRecord((_, payload) => seen.push([...payload]));
  assert.deepEqual(seen, [[7]]);
});

test('two views of the same memory see each other: a producer view and a consumer view', () => {
  const capacity = 256;
  const buffer = new SharedArrayBuffer(HEADER_BYTES + capacity);
  ByteRing.initialize(buffer, 0, capacity);
  const producer = new ByteRing(buffer, 0, HEADER_BYTES, capacity);
  const consumer = new ByteRing(buffer, 0, HEADER_BYTES, capacity);
  producer.tryWrite(0, bytes(9, 8, 7));
  assert.equal(consumer.hasData(), true);
  assert.deepEqual([...consumer.tryRead()!], [9, 8, 7]);
  assert.equal(producer.usedBytes(), 0);
});
