// Messages too large for a ring travel in a side segment of their own: the sender copies the payload into a fresh
// named segment and sends its name; the receiver maps it, unlinks the name and reads the bytes in place (no copy).
// Records stay atomic (a message is in the ring whole or not at all) and a huge message never holds a ring lock.
import { native } from '../platform/native.js';
import { attachSegment, createSegment, unlinkSegment } from '../shm/segment.js';
import { ValueError } from '../errors.js';

/** Copies `payload` into a new segment; returns the record payload that names it. */
export function storeOversize(payload: Uint8Array): Buffer {
  if (native === null) {
    throw new ValueError(`a message of ${payload.length} bytes is larger than the ring, and sending it needs multiproc's native addon`);
  }
  const segment = createSegment(Math.max(1, payload.length));
  new Uint8Array(segment.buffer, 0, payload.length).set(payload);
  return Buffer.from(`${payload.length}:${segment.name}`, 'latin1');
}

function parse(descriptor: Buffer): { length: number; name: string } {
  const text = descriptor.toString('latin1');
  const colon = text.indexOf(':');
  return { length: Number(text.slice(0, colon)), name: text.slice(colon + 1) };
}

/** Maps the side segment a record names, unlinks it, and returns its bytes (a view over the mapping). */
export function loadOversize(descriptor: Buffer): Buffer {
  const { length, name } = parse(descriptor);
  const segment = attachSegment(name);
  try {
    unlinkSegment(name);
  } catch {
    // already gone: nothing to clean up
  }
  return Buffer.from(segment.buffer, 0, length);
}

/** Removes the side segment of a record nobody will read (the endpoint's last holder is closing). */
export function discardOversize(descriptor: Buffer): void {
  try {
    unlinkSegment(parse(descriptor).name);
  } catch {
    // already gone
  }
}
