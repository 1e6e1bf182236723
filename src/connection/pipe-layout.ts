// The segment of a Pipe: a few meta words, a ring header per direction, a holder table per end, then the rings.
// End e writes ring e and reads ring 1 - e; a one-way pipe has only ring 1 (end 1 writes, end 0 reads).
import { HOLDER_SLOTS } from '../ring/holders.js';
import { RING_HEADER_WORDS } from '../ring/ring-layout.js';

export const PIPE_MAGIC = 0x50495045; // 'PIPE'
export const META_MAGIC = 0;
export const META_DUPLEX = 1;
export const META_CAPACITY = 2;

/** Default bytes per direction: room for 1 MiB messages to stream with several in flight. */
export const DEFAULT_PIPE_CAPACITY = 4 * 1024 * 1024;

const META_WORDS = 16;
const HOLDERS_BASE = META_WORDS + 2 * RING_HEADER_WORDS;
const DATA_OFFSET = 1024;

/** Byte offset of the header of ring `ring`. */
export function ringHeaderOffset(ring: number): number {
  return (META_WORDS + ring * RING_HEADER_WORDS) * 4;
}

/** Byte offset of the data of ring `ring`. */
export function ringDataOffset(ring: number, duplex: boolean, capacity: number): number {
  return DATA_OFFSET + (duplex ? ring * capacity : 0);
}

/** Word index of the holder table of end `end`. */
export function holdersBase(end: number): number {
  return HOLDERS_BASE + end * HOLDER_SLOTS;
}

/** Bytes of the whole segment. */
export function pipeSegmentSize(duplex: boolean, capacity: number): number {
  return DATA_OFFSET + (duplex ? 2 : 1) * capacity;
}

if (holdersBase(2) * 4 > DATA_OFFSET) throw new Error('pipe layout: header overlaps data');
