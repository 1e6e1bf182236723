// Python's JoinableQueue: a Queue that counts unfinished tasks, so a producer can wait until consumers marked every
// item done. The count lives in the queue's shared memory, so taskDone() in any process or thread counts.
import { signal } from '../ring/byte-ring.js';
import { waitForSignal, waitForSignalSync } from '../ring/signal-wait.js';
import { FOREVER, throwIfAborted, validateSignal } from '../time.js';
import { ValueError } from '../errors.js';
import { JOIN_SIGNAL, JOIN_WAITERS, UNFINISHED } from './queue-layout.js';
import { registerReducer } from '../serialize/index.js';
import { reduceQueue, reviveQueue, type QueueState } from './queue-handles.js';
import { Queue } from './queue.js';

/** A Queue with taskDone() and join(). */
export class JoinableQueue<T = unknown> extends Queue<T> {
  /** Marks one item taken with get() as processed; more calls than items put → ValueError. */
  taskDone(): void {
    const words = this.memory.words;
    for (;;) {
      const unfinished = Atomics.load(words, UNFINISHED);
      if (unfinished <= 0) throw new ValueError('task_done() called too many times');
      if (Atomics.compareExchange(words, UNFINISHED, unfinished, unfinished - 1) !== unfinished) continue;
      if (unfinished === 1 && Atomics.load(words, JOIN_WAITERS) > 0) signal(words, JOIN_SIGNAL);
      return;
    }
  }

  /** Resolves when every item ever put has been marked done; rejects with the reason of `signal` if it aborts first. */
  async join(options: { signal?: AbortSignal } = {}): Promise<void> {
    const signal = validateSignal(options.signal);
    throwIfAborted(signal);
    const words = this.memory.words;
    await waitForSignal(words, JOIN_WAITERS, JOIN_SIGNAL, () => Atomics.load(words, UNFINISHED) === 0, FOREVER, { signal });
  }

  /** join() that blocks the calling thread. */
  joinSync(): void {
    const words = this.memory.words;
    waitForSignalSync(words, JOIN_WAITERS, JOIN_SIGNAL, () => Atomics.load(words, UNFINISHED) === 0, -1);
  }

  protected override onPut(): void {
    Atomics.add(this.memory.words, UNFINISHED, 1);
  }
}

registerReducer<JoinableQueue<unknown>, QueueState>({
  tag: 'multiproc.JoinableQueue',
  type: JoinableQueue,
  reduce: reduceQueue,
  revive: (state) => reviveQueue((options) => new JoinableQueue(0, options), state),
});
