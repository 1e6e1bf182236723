// Shared segments: named POSIX shared memory when the addon is built (any process can attach by name), plain
// SharedArrayBuffers otherwise (shareable with threads only). Names carry the root process id so the tracker can
// remove everything a process tree made.
import { lazyBuiltin } from '../lazy-builtin.js';

import { native, requireNative } from '../platform/native.js';
import { rootPid, SEGMENT_PREFIX } from './root.js';
import { ensureTracker } from './tracker.js';

const crypto = lazyBuiltin<typeof import('node:crypto')>('node:crypto');

export { rootPid, SEGMENT_PREFIX };

export class Segment {
  constructor(
    /** The shm name (without the leading slash), or null for memory only this process's threads can see. */
    readonly name: string | null,
    readonly buffer: SharedArrayBuffer,
  ) {}

  get size(): number {
    return this.buffer.byteLength;
  }
}

const attached = new Map<string, WeakRef<Segment>>();
const namesByBuffer = new WeakMap<SharedArrayBuffer, string>();

function remember(segment: Segment): Segment {
  attached.set(segment.name!, new WeakRef(segment));
  namesByBuffer.set(segment.buffer, segment.name!);
  return segment;
}

/** The segment name of a buffer this thread mapped by name, or null for unnamed memory. */
export function segmentNameOf(buffer: SharedArrayBuffer): string | null {
  return namesByBuffer.get(buffer) ?? null;
}
let counter = 0;

/** A fresh library-owned name: `mp-<root>-<pid>-<n>-<random>`. */
export function newSegmentName(): string {
  return `${SEGMENT_PREFIX}${rootPid}-${process.pid}-${++counter}-${crypto().randomBytes(4).toString('hex')}`;
}

/** Creates a zero-filled segment of `size` bytes; named when the addon is available. */
export function createSegment(size: number, name: string | null = native === null ? null : newSegmentName()): Segment {
  if (name === null) return new Segment(null, new SharedArrayBuffer(size));
  // Whatever this tree names in /dev/shm must be removed when the tree ends, however it ends.
  ensureTracker();
  return remember(new Segment(name, requireNative('Shared memory between processes').shmCreate(`/${name}`, size)));
}

/** The segment of that name, mapped once per thread however often it is attached. */
export function attachSegment(name: string): Segment {
  const known = attached.get(name)?.deref();
  if (known !== undefined) return known;
  return remember(new Segment(name, requireNative('Attaching shared memory by name').shmAttach(`/${name}`)));
}

/** Removes the name; memory stays mapped wherever it already is. */
export function unlinkSegment(name: string): void {
  attached.delete(name);
  requireNative('Unlinking shared memory').shmUnlink(`/${name}`);
}
