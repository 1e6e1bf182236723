// Python's multiprocessing.Semaphore and BoundedSemaphore over three words of shared memory:
//   [VALUE] the counter, never negative; [SLEEPERS] how many may be asleep on VALUE; [BOUND] the initial value of a
//   BoundedSemaphore (-1 for a Semaphore). Acquirers take a unit with compare-and-swap; with none left they count
//   themselves in SLEEPERS, then sleep while VALUE is 0. Release adds units first, then wakes if SLEEPERS > 0: either
//   the releaser sees the sleeper, or the sleeper's futex check sees the new value — no wake-up is lost.
import { allocateWords } from '../shm/arena.js';
import { wake } from '../shm/futex.js';
import { registerReducer } from '../serialize/index.js';
import { ValueError } from '../errors.js';
import { Acquirable } from './acquirable.js';
import { reviveAs, wordsOf } from './internals.js';
import { deadlineAfter, remaining } from '../time.js';
import type { Steps } from './steps.js';

const VALUE = 0;
const SLEEPERS = 1;
const BOUND = 2;
const WORDS = 3;

function checkCount(n: number, what: string): void {
  if (!Number.isInteger(n)) throw new TypeError(`${what} must be an integer, got ${String(n)}`);
}

/** A counter of units shared by processes and threads: Python's multiprocessing.Semaphore. */
export class Semaphore extends Acquirable {
  protected readonly words: Int32Array;

  constructor(value = 1) {
    super();
    checkCount(value, 'semaphore initial value');
    if (value < 0) throw new ValueError('semaphore initial value must be >= 0');
    this.words = allocateWords(WORDS);
    this.words[VALUE] = value;
    this.words[BOUND] = this.bounded() ? value : -1;
  }

  /** Whether release() may not go above the initial value. */
  protected bounded(): boolean {
    return false;
  }

  protected tryAcquire(): boolean {
    const words = this.words;
    for (let value = Atomics.load(words, VALUE); value > 0; ) {
      const seen = Atomics.compareExchange(words, VALUE, value, value - 1);
      if (seen === value) return true;
      value = seen;
    }
    return false;
  }

  protected *acquireSteps(timeoutMs: number, signal?: AbortSignal): Steps<boolean> {
    const deadline = deadlineAfter(timeoutMs);
    for (;;) {
      // Tried once more after the deadline: a wake-up consumed by a waiter that timed out is never lost.
      if (this.tryAcquire()) return true;
      const left = remaining(deadline);
      if (left === 0) return false;
      Atomics.add(this.words, SLEEPERS, 1);
      try {
        yield { word: this.words, index: VALUE, expected: 0, timeoutMs: left, signal };
      } catch (aborted) {
        // A release may have woken this sleeper for its unit: pass the wake-up on to another sleeper.
        if (Atomics.load(this.words, VALUE) > 0 && Atomics.load(this.words, SLEEPERS) > 1) wake(this.words, VALUE, 1);
        throw aborted;
      } finally {
        Atomics.sub(this.words, SLEEPERS, 1);
      }
    }
  }

  /** Adds `n` units (default 1) and wakes up to `n` waiters. Python's Semaphore may rise above its start value. */
  release(n = 1): void {
    checkCount(n, 'n');
    if (n < 1) throw new ValueError('n must be one or more');
    const words = this.words;
    const bound = Atomics.load(words, BOUND);
    if (bound < 0) {
      Atomics.add(words, VALUE, n);
    } else {
      for (let value = Atomics.load(words, VALUE); ; ) {
        if (value + n > bound) throw new ValueError('semaphore or lock released too many times');
        const seen = Atomics.compareExchange(words, VALUE, value, value + n);
        if (seen === value) break;
        value = seen;
      }
    }
    if (Atomics.load(words, SLEEPERS) > 0) wake(words, VALUE, n);
  }

  /** The current number of units. */
  getValue(): number {
    return Atomics.load(this.words, VALUE);
  }

  override toString(): string {
    return `<${this.constructor.name}(value=${this.getValue()}${this.bounded() ? `, maxvalue=${this.words[BOUND]}` : ''})>`;
  }
}

/** A Semaphore that refuses to be released above its initial value: Python's BoundedSemaphore. */
export class BoundedSemaphore extends Semaphore {
  protected override bounded(): boolean {
    return true;
  }
}

for (const cls of [Semaphore, BoundedSemaphore]) {
  registerReducer<Semaphore, { w: Int32Array }>({
    tag: `multiproc.${cls.name}`,
    type: cls,
    reduce: (semaphore) => ({ w: (semaphore as unknown as { words: Int32Array }).words }),
    revive: (state) => reviveAs(cls, { words: wordsOf(state, cls.name, WORDS) }),
  });
}
