// The segment of a Queue: meta words, counters (on their own cache line), the ring header, the holder table, the ring.
import { HOLDER_SLOTS } from '../ring/holders.js';
import { RING_HEADER_WORDS } from '../ring/ring-layout.js';

export const QUEUE_MAGIC = 0x51554555; // 'QUEU'
export const META_MAGIC = 0;
export const META_MAXSIZE = 1;
export const META_CAPACITY = 2;

/** Items put and not yet taken (Python's qsize), counting items still buffered in their producer. */
export const SIZE = 16;
/** JoinableQueue: items put and not yet marked done. */
export const UNFINISHED = 17;
/** JoinableQueue: bumped when UNFINISHED reaches zero, for join() sleepers. */
export const JOIN_SIGNAL = 18;
export const JOIN_WAITERS = 19;

/** Default ring bytes of a queue; items larger than half of it travel in side segments. */
export const DEFAULT_QUEUE_CAPACITY = 1024 * 1024;

export const RING_HEADER_OFFSET = 32 * 4;
export const HOLDERS_BASE = 32 + RING_HEADER_WORDS;
export const DATA_OFFSET = 512;

if ((HOLDERS_BASE + HOLDER_SLOTS) * 4 > DATA_OFFSET) throw new Error('queue layout: header overlaps data');
