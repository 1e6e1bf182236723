// Python's SimpleQueue: an unbounded queue with only put, get, empty and close — here a thin face over Queue, whose
// put() resolves once the item is in shared memory (Python's SimpleQueue.put writes before returning).
import { registerReducer } from '../serialize/index.js';
import { FLUSH, FLUSH_SYNC, Queue, type QueueOptions } from './queue.js';

/** A minimal unbounded FIFO shared by processes and threads. */
export class SimpleQueue<T = unknown> {
  /** The queue underneath (what travels to other processes). */
  readonly queue: Queue<T>;

  constructor(options: QueueOptions | Queue<T> = {}) {
    this.queue = options instanceof Queue ? options : new Queue<T>(0, options);
  }

  /** Puts an item; resolves when it is in the shared ring. */
  async put(obj: T): Promise<void> {
    this.queue.putNowait(obj);
    await this.queue[FLUSH]();
  }

  /** put() that blocks the calling thread until the item is in the shared ring. */
  putSync(obj: T): void {
    this.queue.putNowait(obj);
    this.queue[FLUSH_SYNC]();
  }

  /** Takes the oldest item, waiting for one. */
  get(): Promise<T> {
    return this.queue.get();
  }

  /** get() that blocks the calling thread. */
  getSync(): T {
    return this.queue.getSync();
  }

  empty(): boolean {
    return this.queue.empty();
  }

  close(): void {
    this.queue.close();
  }
}

const faces = new WeakMap<Queue<unknown>, SimpleQueue<unknown>>();

registerReducer<SimpleQueue<unknown>, { queue: Queue<unknown> }>({
  tag: 'multiproc.SimpleQueue',
  type: SimpleQueue,
  reduce: (simple) => ({ queue: simple.queue }),
  revive: ({ queue }) => {
    let face = faces.get(queue);
    if (face === undefined) faces.set(queue, (face = new SimpleQueue(queue)));
    return face;
  },
});
