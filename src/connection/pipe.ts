// Python's Pipe(): two connected ends over one shared segment. Node has no socketpair between unrelated processes,
// and shared-memory rings with futex waits beat any socket here (see docs/queues.md for figures).
import { createSegment } from '../shm/segment.js';
import { ensureTracker } from '../shm/tracker.js';
import { ByteRing } from '../ring/byte-ring.js';
import { HolderTable } from '../ring/holders.js';
import {
  DEFAULT_PIPE_CAPACITY, holdersBase, META_CAPACITY, META_DUPLEX, META_MAGIC, PIPE_MAGIC, pipeSegmentSize, ringHeaderOffset,
} from './pipe-layout.js';
import { floorPowerOfTwo } from '../ring/ring-layout.js';
import { rememberPipeEnd, ShmConnection } from './shm-connection.js';

export interface PipeOptions {
  /** Ring bytes per direction (rounded down to a power of two; default 4 MiB). Larger messages use side segments. */
  capacity?: number;
}

/** Python's Pipe(duplex): `[a, b]` both ways, or `[reader, writer]` when `duplex` is false. */
export function Pipe(duplex = true, options: PipeOptions = {}): [ShmConnection, ShmConnection] {
  const capacity = floorPowerOfTwo(Math.max(64, options.capacity ?? DEFAULT_PIPE_CAPACITY));
  ensureTracker();
  const segment = createSegment(pipeSegmentSize(duplex, capacity));
  const buffer = segment.buffer;
  const meta = new Int32Array(buffer, 0, 16);
  Atomics.store(meta, META_DUPLEX, duplex ? 1 : 0);
  Atomics.store(meta, META_CAPACITY, capacity);
  Atomics.store(meta, META_MAGIC, PIPE_MAGIC);
  for (const r of duplex ? [0, 1] : [1]) ByteRing.initialize(buffer, ringHeaderOffset(r), capacity);
  const all = new Int32Array(buffer);
  const ends = [0, 1].map((end) => rememberPipeEnd(new ShmConnection(buffer, end, new HolderTable(all, holdersBase(end)).claim())));
  return [ends[0], ends[1]];
}
