// Where the words of a shared byte ring live. Words written on every message by consumers, by producers, and the
// rarely written ones sit on separate 64-byte cache lines so that a producer and a consumer never bounce a line.

/** Int32 words in one ring header (three cache lines). */
export const RING_HEADER_WORDS = 48;

/** Read position: bytes consumed so far, as a wrapping u32 counter (consumer-owned, under CONSUMER_LOCK). */
export const HEAD = 0;
/** Serialises consumers: held only while one record is copied out, never across a wait. */
export const CONSUMER_LOCK = 1;
/** Write position: bytes published so far, as a wrapping u32 counter (producer-owned, under PRODUCER_LOCK). */
export const TAIL = 16;
/** Serialises producers: held only while records are copied in, never across a wait. */
export const PRODUCER_LOCK = 17;
/** How many consumers are (about to be) asleep on GET_SIGNAL; producers wake only when it is non-zero. */
export const GET_WAITERS = 32;
/** Bumped (then woken) when data arrives for sleeping consumers, or when something they wait on changes. */
export const GET_SIGNAL = 33;
/** How many producers are (about to be) asleep on PUT_SIGNAL. */
export const PUT_WAITERS = 34;
/** Bumped (then woken) when space or a queue slot frees up for sleeping producers. */
export const PUT_SIGNAL = 35;
/** Ring data size in bytes (a power of two), checked when attaching. */
export const CAPACITY = 36;

/** A record header is one int32: payload length in the low 28 bits, record kind in the top 4. */
export const LENGTH_BITS = 28;
export const MAX_INLINE_LENGTH = (1 << LENGTH_BITS) - 1;

/** Record kinds. */
export const INLINE = 0;
/** The payload names a side segment that holds the real message (messages too large for the ring). */
export const OVERSIZE = 1;

/** Bytes a record of `length` payload bytes takes in the ring (header + payload padded to 4). */
export function recordSize(length: number): number {
  return 4 + ((length + 3) & ~3);
}

/** The largest power of two <= n (n >= 1). */
export function floorPowerOfTwo(n: number): number {
  return 2 ** Math.floor(Math.log2(n));
}
