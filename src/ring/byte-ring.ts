// A ring of length-prefixed records in shared memory. Producers (serialised by PRODUCER_LOCK) only move TAIL and
// consumers (serialised by CONSUMER_LOCK) only move HEAD, so a producer and a consumer copy at the same time; each
// side publishes with one atomic store after its copy, which orders the bytes before the position for the other side.
import { wake } from '../shm/futex.js';
import {
  CAPACITY, CONSUMER_LOCK, GET_SIGNAL, GET_WAITERS, HEAD, LENGTH_BITS, MAX_INLINE_LENGTH, PRODUCER_LOCK, PUT_SIGNAL,
  PUT_WAITERS, RING_HEADER_WORDS, TAIL, recordSize,
} from './ring-layout.js';
import { lockWord, tryLockWord, unlockWord } from './word-lock.js';

const LENGTH_MASK = (1 << LENGTH_BITS) - 1;
/** Below this many bytes a byte loop copies faster than making a subarray for set(). */
const SMALL_RECORD = 64;

/** One direction of bytes between any number of producers and consumers, in any processes or threads. */
export class ByteRing {
  /** The header words (RING_HEADER_WORDS of them) — wait on GET_SIGNAL / PUT_SIGNAL here. */
  readonly words: Int32Array;
  readonly capacity: number;
  /** The largest payload stored inline; larger messages go through a side segment. */
  readonly inlineLimit: number;
  /** Kind of the record returned by the last readLocked(). */
  lastKind = 0;
  private readonly mask: number;
  private readonly data: Uint8Array;
  private readonly data32: Int32Array;

  constructor(buffer: SharedArrayBuffer, headerByteOffset: number, dataByteOffset: number, capacity: number) {
    this.words = new Int32Array(buffer, headerByteOffset, RING_HEADER_WORDS);
    this.capacity = capacity;
    this.mask = capacity - 1;
    this.inlineLimit = Math.min(MAX_INLINE_LENGTH, capacity / 2 - 8);
    this.data = new Uint8Array(buffer, dataByteOffset, capacity);
    this.data32 = new Int32Array(buffer, dataByteOffset, capacity >> 2);
  }

  /** Writes the header of a fresh ring (the memory is zero-filled). */
  static initialize(buffer: SharedArrayBuffer, headerByteOffset: number, capacity: number): void {
    if (capacity < 64 || (capacity & (capacity - 1)) !== 0) throw new RangeError(`ring capacity must be a power of two >= 64, got ${capacity}`);
    Atomics.store(new Int32Array(buffer, headerByteOffset, RING_HEADER_WORDS), CAPACITY, capacity);
  }

  /** Whether at least one record is waiting (a hint: another consumer may take it first). */
  hasData(): boolean {
    return Atomics.load(this.words, HEAD) !== Atomics.load(this.words, TAIL);
  }

  /** Bytes currently used by records. */
  usedBytes(): number {
    return (Atomics.load(this.words, TAIL) - Atomics.load(this.words, HEAD)) >>> 0;
  }

  /** Whether a record of `length` payload bytes would fit right now. */
  fits(length: number): boolean {
    return recordSize(length) <= this.capacity - this.usedBytes();
  }

  lockProducer(): void {
    lockWord(this.words, PRODUCER_LOCK);
  }

  unlockProducer(): void {
    unlockWord(this.words, PRODUCER_LOCK);
  }

  lockConsumer(): void {
    lockWord(this.words, CONSUMER_LOCK);
  }

  unlockConsumer(): void {
    unlockWord(this.words, CONSUMER_LOCK);
  }

  /** Appends one record if it fits (caller holds the producer lock). Does not wake anyone: see notifyConsumers(). */
  writeLocked(kind: number, payload: Uint8Array): boolean {
    const words = this.words;
    const length = payload.length;
    const tail = Atomics.load(words, TAIL) >>> 0;
    const need = recordSize(length);
    if (need > this.capacity - ((tail - (Atomics.load(words, HEAD) >>> 0)) >>> 0)) return false;
    const at = tail & this.mask;
    this.data32[at >> 2] = length | (kind << LENGTH_BITS);
    const start = (at + 4) & this.mask;
    const first = this.capacity - start;
    if (length <= first) {
      this.data.set(payload, start);
    } else {
      this.data.set(payload.subarray(0, first), start);
      this.data.set(payload.subarray(first), 0);
    }
    Atomics.store(words, TAIL, (tail + need) | 0);
    return true;
  }

  /** Takes the oldest record (caller holds the consumer lock), or null when empty. Sets lastKind. */
  readLocked(): Buffer | null {
    const words = this.words;
    const head = Atomics.load(words, HEAD) >>> 0;
    if (head === Atomics.load(words, TAIL) >>> 0) return null;
    const at = head & this.mask;
    const header = this.data32[at >> 2];
    const length = header & LENGTH_MASK;
    this.lastKind = header >>> LENGTH_BITS;
    const out = Buffer.allocUnsafe(length);
    const start = (at + 4) & this.mask;
    const first = this.capacity - start;
    if (length <= SMALL_RECORD && length <= first) {
      const data = this.data;
      for (let i = 0; i < length; i++) out[i] = data[start + i];
    } else if (length <= first) {
      out.set(this.data.subarray(start, start + length));
    } else {
      out.set(this.data.subarray(start, this.capacity));
      out.set(this.data.subarray(0, length - first), first);
    }
    Atomics.store(words, HEAD, (head + recordSize(length)) | 0);
    return out;
  }

  /** Producer convenience: lock, write, unlock, wake sleeping consumers. */
  tryWrite(kind: number, payload: Uint8Array): boolean {
    this.lockProducer();
    let written: boolean;
    try {
      written = this.writeLocked(kind, payload);
    } finally {
      this.unlockProducer();
    }
    if (written) this.notifyConsumers();
    return written;
  }

  /** Consumer convenience: lock, read, unlock. The caller wakes producers (after its own bookkeeping). */
  tryRead(): Buffer | null {
    if (!this.hasData()) return null;
    this.lockConsumer();
    try {
      return this.readLocked();
    } finally {
      this.unlockConsumer();
    }
  }

  /** Wakes consumers asleep on GET_SIGNAL, but only if any registered: the common path costs one atomic load. */
  notifyConsumers(): void {
    if (Atomics.load(this.words, GET_WAITERS) > 0) signal(this.words, GET_SIGNAL);
  }

  /** Wakes producers asleep on PUT_SIGNAL, but only if any registered. */
  notifyProducers(): void {
    if (Atomics.load(this.words, PUT_WAITERS) > 0) signal(this.words, PUT_SIGNAL);
  }

  /** Wakes everybody on both sides (close, end of file, cancelling a wait): a spurious wake-up is always harmless. */
  wakeAll(): void {
    signal(this.words, GET_SIGNAL);
    signal(this.words, PUT_SIGNAL);
  }

  /**
   * Visits the records still in the ring once every holder is gone (cleanup of side segments at the
   * last close). A consumer lock still held then is a dead holder's (killed while reading): waiting for it would
   * never end, so the records are read without it.
   */
  forEachRecord(visit: (kind: number, payload: Buffer) => void): void {
    const locked = tryLockWord(this.words, CONSUMER_LOCK);
    try {
      for (let record = this.readLocked(); record !== null; record = this.readLocked()) visit(this.lastKind, record);
    } finally {
      if (locked) this.unlockConsumer();
    }
  }
}

/** Changes a signal word and wakes all its sleepers; the change is what makes a concurrent sleeper not sleep. */
export function signal(words: Int32Array, index: number): void {
  Atomics.add(words, index, 1);
  wake(words, index);
}
