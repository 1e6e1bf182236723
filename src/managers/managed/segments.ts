// What a SharedMemoryManager's server keeps: the names of the segments its clients made, to unlink them all when it
// shuts down (Python's _SharedMemoryTracker). One per server process, whoever asks for it.
import { unlinkSegment } from '../../shm/segment.js';

/** The segment names of one manager server. */
export class SegmentTracker {
  private readonly names = new Set<string>();

  constructor() {
    // A backstop for a server that ends without shutdown(): its own exit still unlinks what it was given.
    process.once('exit', () => this.unlinkAll());
  }

  /** Remembers a segment a client created, to unlink it at shutdown. */
  track(name: string): void {
    if (typeof name !== 'string' || name === '' || name.includes('/')) throw new TypeError(`not a segment name: ${String(name)}`);
    this.names.add(name);
  }

  /** The names it would unlink now. */
  tracked(): string[] {
    return [...this.names];
  }

  /** Unlinks every tracked segment (one already unlinked by its user is skipped). */
  unlinkAll(): void {
    for (const name of this.names) {
      try {
        unlinkSegment(name);
      } catch {
        // already unlinked by a client: nothing left to do
      }
    }
    this.names.clear();
  }
}

let tracker: SegmentTracker | null = null;

/** The server's one tracker (registered as a callable, so every client's proxy reaches the same object). */
export function segmentTracker(): SegmentTracker {
  tracker ??= new SegmentTracker();
  return tracker;
}
