// Outbox on its own: what does not fit waits in order, a flush finishes when a reader makes room, and nothing
// waits for a reader that is gone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ByteRing } from '../../src/ring/byte-ring.js';
import { Outbox } from '../../src/ring/outbox.js';
import { RING_HEADER_WORDS } from '../../src/ring/ring-layout.js';

const T = { timeout: 20_000 };
const HEADER_BYTES = RING_HEADER_WORDS * 4;

function makeRing(capacity: number): ByteRing {
  const buffer = new SharedArrayBuffer(HEADER_BYTES + capacity);
  ByteRing.initialize(buffer, 0, capacity);
  return new ByteRing(buffer, 0, HEADER_BYTES, capacity);
}

const record = (value: number) => new Uint8Array(40).fill(value);

function drain(ring: ByteRing): number[] {
  const firsts: number[] = [];
  for (let r = ring.tryRead(); r !== null; r = ring.tryRead()) firsts.push(r[0]);
  ring.notifyProducers();
  return firsts;
}

test('a record that fits goes straight into the ring; later ones wait, in order, behind the first that did not', T, async () => {
  const ring = makeRing(128); // two 40-byte records fit
  const outbox = new Outbox(ring);
  for (let i = 1; i <= 5; i++) outbox.push(0, record(i), false);
  assert.equal(outbox.size, 3);
  assert.equal(outbox.bytes, 120);
  const flushed = outbox.flush();
  const seen: number[] = [];
  while (seen.length < 5) {
    seen.push(...drain(ring));
    await new Promise((resolve) => setImmediate(resolve));
  }
  await flushed;
  assert.deepEqual(seen, [1, 2, 3, 4, 5]);
  assert.equal(outbox.size, 0);
  assert.equal(outbox.bytes, 0);
});

test('a pushed payload is copied unless it is owned: changing the caller\'s buffer later changes nothing', T, () => {
  const ring = makeRing(64);
  const outbox = new Outbox(ring);
  outbox.push(0, record(1), false);
  const mine = record(2);
  outbox.push(0, mine, false);
  mine.fill(9);
  drain(ring);
  assert.equal(outbox.writeSome(), true);
  assert.equal(ring.tryRead()![0], 2);
});

test('flushSync writes everything once a reader made room, and returns at once when the reader is gone', T, () => {
  const ring = makeRing(64);
  let readerGone = false;
  const outbox = new Outbox(ring, () => readerGone);
  outbox.push(0, record(1), false);
  outbox.push(0, record(2), false);
  drain(ring);
  outbox.flushSync();
  assert.equal(outbox.size, 0);
  outbox.push(0, record(3), false);
  readerGone = true;
  outbox.flushSync();
  assert.equal(outbox.size, 0, 'what nobody can read is dropped');
});

test('an async flush ends when the reader goes away', T, async () => {
  const ring = makeRing(64);
  let readerGone = false;
  const outbox = new Outbox(ring, () => readerGone);
  outbox.push(0, record(1), false);
  outbox.push(0, record(2), false);
  const flushed = outbox.flush();
  readerGone = true;
  ring.wakeAll();
  await flushed;
  assert.equal(outbox.size, 0);
});
