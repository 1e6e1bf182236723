// Small shared objects (a Lock is 16 bytes) are carved out of per-thread arena segments instead of getting a
// segment each. A bump allocator: allocations are never freed one by one, because another process may still use
// the memory; the arenas go away with the rest of the tree's segments (root exit or the tracker).
import { createSegment, type Segment } from './segment.js';

/** Size of one arena segment. */
export const ARENA_SIZE = 64 * 1024;

/** Objects larger than this get a segment of their own (offset 0), so that arenas are not wasted on them. */
const LARGE = ARENA_SIZE / 4;

export interface Allocation {
  segment: Segment;
  /** Byte offset of the allocation inside the segment, a multiple of the requested alignment. */
  offset: number;
}

let current: Segment | null = null;
let used = 0;

function alignUp(value: number, align: number): number {
  return Math.ceil(value / align) * align;
}

/** `bytes` of zero-filled shared memory aligned to `align` (a power of two, at most 4096). */
export function allocate(bytes: number, align = 8): Allocation {
  if (!Number.isInteger(bytes) || bytes < 0) throw new RangeError(`cannot allocate ${bytes} bytes`);
  if (!Number.isInteger(align) || align < 1 || align > 4096 || (align & (align - 1)) !== 0) throw new RangeError(`bad alignment ${align}`);
  const size = Math.max(bytes, 1);
  if (size > LARGE) return { segment: createSegment(alignUp(size, 8)), offset: 0 };
  let offset = alignUp(used, align);
  if (current === null || offset + size > ARENA_SIZE) {
    current = createSegment(ARENA_SIZE);
    offset = 0;
  }
  used = offset + size;
  return { segment: current, offset };
}

/** `count` zero-filled Int32 words in shared memory: the state of one synchronization object. */
export function allocateWords(count: number): Int32Array {
  const { segment, offset } = allocate(count * 4, 8);
  return new Int32Array(segment.buffer, offset, count);
}
