// What multiproc/threading remembers in each JS thread: this thread's own Thread object, the threads it started that
// still run, and the counter behind default names. Kept on a global symbol so that every copy of the library loaded
// in one thread agrees. The counter lives in shared memory handed to every thread, so Thread-N counts per process.
import type { Thread } from './thread.js';

interface ThreadingState {
  /** This thread's Thread object, once known (set by the thread bootstrap, or made on first currentThread()). */
  current: Thread | null;
  /** The main thread's Thread object (a stand-in outside the main thread). */
  main: Thread | null;
  /** Threads this thread started that have not ended yet. */
  live: Set<Thread>;
  /** [0]: how many default names the process has handed out. */
  nameCounter: Int32Array;
}

const KEY = Symbol.for('multiproc.threading');
const holder = globalThis as { [KEY]?: ThreadingState };

/** This JS thread's threading bookkeeping. */
export function threadingState(): ThreadingState {
  holder[KEY] ??= { current: null, main: null, live: new Set(), nameCounter: new Int32Array(new SharedArrayBuffer(4)) };
  return holder[KEY]!;
}

/** A started thread counts with its parent: it adopts the parent's shared name counter. */
export function adoptNameCounter(counter: Int32Array): void {
  threadingState().nameCounter = counter;
}

/** Python's default thread name: Thread-N, N counting threads named by default in this process. */
export function nextThreadName(): string {
  return `Thread-${Atomics.add(threadingState().nameCounter, 0, 1) + 1}`;
}
