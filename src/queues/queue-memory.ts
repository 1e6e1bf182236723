// Making, attaching and finally removing the shared memory of a queue.
import { ByteRing } from '../ring/byte-ring.js';
import { isProcessExiting } from '../ring/held-slots.js';
import { HolderTable } from '../ring/holders.js';
import { discardOversize } from '../ring/oversize.js';
import { OVERSIZE, floorPowerOfTwo } from '../ring/ring-layout.js';
import { createSegment, segmentNameOf, unlinkSegment } from '../shm/segment.js';
import {
  DATA_OFFSET, DEFAULT_QUEUE_CAPACITY, HOLDERS_BASE, META_CAPACITY, META_MAGIC, META_MAXSIZE, QUEUE_MAGIC, RING_HEADER_OFFSET,
} from './queue-layout.js';

/** The views a queue handle works through. */
export interface QueueMemory {
  buffer: SharedArrayBuffer;
  words: Int32Array;
  ring: ByteRing;
  holders: HolderTable;
  maxsize: number;
}

/** A fresh queue segment. */
export function createQueueMemory(maxsize: number, capacity = DEFAULT_QUEUE_CAPACITY): QueueMemory {
  const ringBytes = floorPowerOfTwo(Math.max(64, capacity));
  const { buffer } = createSegment(DATA_OFFSET + ringBytes);
  const words = new Int32Array(buffer, 0, DATA_OFFSET / 4);
  Atomics.store(words, META_MAXSIZE, maxsize);
  Atomics.store(words, META_CAPACITY, ringBytes);
  ByteRing.initialize(buffer, RING_HEADER_OFFSET, ringBytes);
  Atomics.store(words, META_MAGIC, QUEUE_MAGIC);
  return attachQueueMemory(buffer);
}

/** Views over an existing queue segment (received from another process or thread). */
export function attachQueueMemory(buffer: SharedArrayBuffer): QueueMemory {
  const words = new Int32Array(buffer, 0, DATA_OFFSET / 4);
  if (Atomics.load(words, META_MAGIC) !== QUEUE_MAGIC) throw new TypeError('received a queue whose memory is not a queue');
  const capacity = Atomics.load(words, META_CAPACITY);
  return {
    buffer,
    words,
    ring: new ByteRing(buffer, RING_HEADER_OFFSET, DATA_OFFSET, capacity),
    holders: new HolderTable(words, HOLDERS_BASE),
    maxsize: Atomics.load(words, META_MAXSIZE),
  };
}

/** After a holder left: when nobody holds the queue any more, remove unread side segments and the segment's name. */
export function releaseQueueMemory(memory: QueueMemory): void {
  memory.ring.wakeAll();
  memory.holders.reclaimDead();
  if (isProcessExiting() ? memory.holders.heldBeyondThisProcess() : memory.holders.anyHolder()) return;
  memory.ring.forEachRecord((kind, payload) => kind === OVERSIZE && discardOversize(payload));
  const name = segmentNameOf(memory.buffer);
  if (name === null) return;
  try {
    unlinkSegment(name);
  } catch {
    // another last holder got there first
  }
}
