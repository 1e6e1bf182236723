// Python's multiprocessing.shared_memory.SharedMemory: a named POSIX segment any process can attach by name.
// Unnamed ones get a library name (`mp-<root>-…`) and are removed with the tree's other segments; user-named ones
// that this tree creates are listed with the resource tracker, which unlinks them if nobody does (as Python's
// tracker does at shutdown). close() lets this object go; the mapping is undone when no view of it is left.
import { registerReducer } from '../serialize/index.js';
import { ValueError } from '../errors.js';
import { checkInteger } from '../validate.js';
import { attachSegment, createSegment, newSegmentName, unlinkSegment } from '../shm/segment.js';
import { ensureTracker, registerUserSegment, unregisterUserSegment } from '../shm/tracker.js';

/** Names the library generates (swept by prefix, never listed in the registry). */
const LIBRARY_NAME = /^mp-\d+-\d+-/;

export interface SharedMemoryOptions {
  /** The segment's name (a leading '/' is ignored); generated when creating without one. */
  name?: string | null;
  /** Create a new segment (an error with code 'EEXIST' if the name is taken) instead of attaching one. */
  create?: boolean;
  /** Bytes, when creating. */
  size?: number;
}

/** A block of shared memory attachable by name from any process: Python's SharedMemory. */
export class SharedMemory implements Disposable {
  /** The name other processes attach with. */
  readonly name: string;
  /** Size in bytes. */
  readonly size: number;
  private view: Uint8Array | null;

  constructor(options: SharedMemoryOptions = {}) {
    const create = options.create ?? false;
    const size = options.size ?? 0;
    checkInteger(size, "SharedMemory 'size'", 0);
    const given = options.name == null ? null : String(options.name).replace(/^\//, '');
    if (given !== null && (given === '' || given.includes('/'))) throw new ValueError(`invalid shared memory name ${JSON.stringify(options.name)}`);
    if (create) {
      if (size === 0) throw new ValueError("'size' must be a positive number different from zero");
      ensureTracker();
      this.name = given ?? newSegmentName();
      const segment = createSegment(size, this.name);
      if (given !== null) registerUserSegment(this.name);
      this.view = new Uint8Array(segment.buffer);
    } else {
      if (given === null) throw new ValueError("'name' can only be null if create is true");
      this.name = given;
      this.view = new Uint8Array(attachSegment(given).buffer);
    }
    this.size = this.view.length;
  }

  /** The bytes of the segment (a ValueError after close()). */
  get buf(): Uint8Array {
    if (this.view === null) throw new ValueError(`SharedMemory '${this.name}' is closed`);
    return this.view;
  }

  /** Stops using the segment from this object; other objects and processes keep it. */
  close(): void {
    this.view = null;
  }

  /** Removes the name: nobody can attach it any more; memory stays where it is mapped. Call it once, anywhere. */
  unlink(): void {
    unlinkSegment(this.name);
    if (!LIBRARY_NAME.test(this.name)) unregisterUserSegment(this.name);
  }

  [Symbol.dispose](): void {
    this.close();
  }

  toString(): string {
    return `SharedMemory(${JSON.stringify(this.name)}, size=${this.size})`;
  }
}

registerReducer<SharedMemory, { name: string }>({
  tag: 'multiproc.SharedMemory',
  type: SharedMemory,
  reduce: (shm) => ({ name: shm.name }),
  revive: (state) => new SharedMemory({ name: state.name }),
});
