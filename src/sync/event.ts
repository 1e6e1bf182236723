// Python's multiprocessing.Event over two words of shared memory: [FLAG] 0 or 1, and [GENERATION], bumped by
// every set() that changes the flag. Waiters read GENERATION before FLAG and sleep while GENERATION is unchanged,
// so a set() between their check and their sleep is never missed, and a set() quickly followed by clear() still
// wakes them with true (as threading.Event does).
import { allocateWords } from '../shm/arena.js';
import { wake } from '../shm/futex.js';
import { abortReason, deadlineAfter, normalizeTimeout, remaining, throwIfAborted, waitArguments, type WaitOptions } from '../time.js';
import { registerReducer } from '../serialize/index.js';
import { reviveAs, wordsOf } from './internals.js';
import { runAsync, runSync, type Steps } from './steps.js';

const FLAG = 0;
const GENERATION = 1;
const WORDS = 2;

/** A flag processes and threads can wait for: Python's multiprocessing.Event. */
export class Event {
  protected readonly words: Int32Array;

  constructor() {
    this.words = allocateWords(WORDS);
  }

  /** Whether the flag is set. */
  isSet(): boolean {
    return Atomics.load(this.words, FLAG) === 1;
  }

  /** Sets the flag and wakes every waiter. */
  set(): void {
    const words = this.words;
    if (Atomics.compareExchange(words, FLAG, 0, 1) !== 0) return;
    Atomics.add(words, GENERATION, 1);
    wake(words, GENERATION);
  }

  /** Clears the flag; later waiters sleep until the next set(). */
  clear(): void {
    Atomics.store(this.words, FLAG, 0);
  }

  private *waitSteps(timeoutMs: number, signal?: AbortSignal): Steps<boolean> {
    const words = this.words;
    const generation = Atomics.load(words, GENERATION);
    if (Atomics.load(words, FLAG) === 1) return true;
    const deadline = deadlineAfter(timeoutMs);
    for (;;) {
      if (Atomics.load(words, GENERATION) !== generation) return true;
      const left = remaining(deadline);
      if (left === 0) return Atomics.load(words, FLAG) === 1;
      yield { word: words, index: GENERATION, expected: generation, timeoutMs: left, signal };
    }
  }

  /**
   * Resolves with true once the flag is set, or with the flag (false) after `timeout` ms; rejects with the reason of
   * `signal` when it aborts first. `wait(timeout)` or `wait({ timeout, signal })`.
   */
  wait(timeoutOrOptions?: number | null | WaitOptions): Promise<boolean> {
    const { timeout, signal } = waitArguments(timeoutOrOptions);
    if (signal?.aborted === true) return Promise.reject(abortReason(signal));
    if (this.isSet()) return Promise.resolve(true);
    return runAsync(this.waitSteps(normalizeTimeout(timeout), signal));
  }

  /** wait() that blocks the calling thread (an already aborted `signal` throws). */
  waitSync(timeoutOrOptions?: number | null | WaitOptions): boolean {
    const { timeout, signal } = waitArguments(timeoutOrOptions);
    throwIfAborted(signal);
    if (this.isSet()) return true;
    return runSync(this.waitSteps(normalizeTimeout(timeout)));
  }

  toString(): string {
    return `<Event(${this.isSet() ? 'set' : 'unset'})>`;
  }
}

registerReducer<Event, { w: Int32Array }>({
  tag: 'multiproc.Event',
  type: Event,
  reduce: (event) => ({ w: (event as unknown as { words: Int32Array }).words }),
  revive: (state) => reviveAs(Event, { words: wordsOf(state, 'Event', WORDS) }),
});
