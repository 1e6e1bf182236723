// The arena allocator: small objects share segments, alignment holds, large ones get their own segment.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allocate, allocateWords, ARENA_SIZE } from '../../src/shm/arena.js';
import { segmentNameOf } from '../../src/shm/segment.js';

test('small allocations share a named segment, aligned and disjoint', () => {
  const a = allocate(16, 8);
  const b = allocate(3, 1);
  const c = allocate(8, 8);
  assert.equal(a.segment, b.segment);
  assert.equal(b.segment, c.segment);
  assert.equal(c.offset % 8, 0);
  assert.ok(b.offset >= a.offset + 16 && c.offset >= b.offset + 3);
  assert.match(segmentNameOf(a.segment.buffer) ?? '', /^mp-\d+-\d+-/);
  const words = allocateWords(4);
  assert.equal(words.length, 4);
  assert.deepEqual([...words], [0, 0, 0, 0]);
});

test('a full arena moves on to a new one; large allocations get their own segment', () => {
  const first = allocate(8).segment;
  let moved = false;
  for (let i = 0; i < ARENA_SIZE / 1024 + 2; i++) moved ||= allocate(1024).segment !== first;
  assert.ok(moved);
  const large = allocate(ARENA_SIZE);
  assert.equal(large.offset, 0);
  assert.equal(large.segment.size, ARENA_SIZE);
  assert.throws(() => allocate(-1), RangeError);
  assert.throws(() => allocate(8, 3), RangeError);
});
