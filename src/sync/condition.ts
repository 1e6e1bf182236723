// Python's multiprocessing.Condition: a Lock or RLock (default a new RLock) plus three words of shared memory,
// all changed only while holding the lock:
//   [SEQUENCE] bumped by every notify that grants something; waiters sleep on it
//   [WAITERS]  waiters registered and not yet gone
//   [SIGNALS]  wake-ups granted by notify and not yet taken
// notify(n) grants k = min(n, WAITERS - SIGNALS), bumps SEQUENCE and wakes k sleepers. A waiter that comes back
// (woken, timed out or spurious) re-takes the lock and takes a signal only if SEQUENCE moved since it registered:
// so at most n waiters return true per notify(n), a waiter arriving later cannot steal an earlier one's signal, and
// a signal consumed by a waiter that timed out still counts (it returns true).
import { allocateWords } from '../shm/arena.js';
import { wake } from '../shm/futex.js';
import { abortReason, deadlineAfter, normalizeTimeout, remaining, throwIfAborted, waitArguments, type WaitOptions } from '../time.js';
import { registerReducer } from '../serialize/index.js';
import { ValueError } from '../errors.js';
import { Guard } from './guard.js';
import { HELD_BY_ME, RELEASE_ALL, RESTORE_STEPS, reviveAs, wordsOf, type ConditionLock } from './internals.js';
import type { Lock } from './lock.js';
import { RLock } from './rlock.js';
import { runAsync, runSync, type AcquireOptions, type Steps } from './steps.js';

const SEQUENCE = 0;
const WAITERS = 1;
const SIGNALS = 2;
const WORDS = 3;

type AnyLock = (Lock | RLock) & ConditionLock;

/** A condition variable shared by processes and threads: Python's multiprocessing.Condition. */
export class Condition {
  protected readonly words: Int32Array;
  protected readonly lock: AnyLock;

  constructor(lock?: Lock | RLock) {
    this.lock = (lock ?? new RLock()) as AnyLock;
    if (typeof this.lock[HELD_BY_ME] !== 'function') throw new TypeError('Condition needs a multiproc Lock or RLock');
    this.words = allocateWords(WORDS);
  }

  /** Acquires the underlying lock (see Lock.acquire). */
  acquire(options?: AcquireOptions): Promise<boolean> {
    return this.lock.acquire(options);
  }

  /** Acquires the underlying lock, blocking the calling thread. */
  acquireSync(options?: AcquireOptions): boolean {
    return this.lock.acquireSync(options);
  }

  /** Holds the underlying lock for a `using` block: `using _ = cond.guard()`. */
  guard(): Guard {
    return this.lock.guard();
  }

  /** Waits for the underlying lock, held for a `using` block: `using _ = await cond.hold()`. */
  hold(): Promise<Guard> {
    return this.lock.hold();
  }

  /** Releases the underlying lock. */
  release(): void {
    this.lock.release();
  }

  private checkHeld(what: string): void {
    if (!this.lock[HELD_BY_ME]()) throw new ValueError(`cannot ${what} on un-acquired lock`);
  }

  private *waitSteps(timeoutMs: number, signal?: AbortSignal): Steps<boolean> {
    const words = this.words;
    const deadline = deadlineAfter(timeoutMs);
    Atomics.add(words, WAITERS, 1);
    let registeredAt = Atomics.load(words, SEQUENCE);
    try {
      for (;;) {
        const depth = this.lock[RELEASE_ALL]();
        const left = remaining(deadline);
        let aborted: { reason: unknown } | null = null;
        try {
          if (left !== 0) yield { word: words, index: SEQUENCE, expected: registeredAt, timeoutMs: left, signal };
        } catch (reason) {
          aborted = { reason };
        }
        // As in Python, wait() always ends with the lock held again, whatever ended it.
        yield* this.lock[RESTORE_STEPS](depth);
        const now = Atomics.load(words, SEQUENCE);
        if (now !== registeredAt) {
          if (Atomics.load(words, SIGNALS) > 0) {
            // A notify that reached this waiter wins over an abort: it is taken, never lost.
            Atomics.sub(words, SIGNALS, 1);
            return true;
          }
          registeredAt = now; // every signal since was taken by others: wait for the next notify
        }
        if (aborted !== null) throw aborted.reason;
        if (remaining(deadline) === 0) return false;
      }
    } finally {
      Atomics.sub(words, WAITERS, 1);
    }
  }

  /**
   * Releases the lock, waits for a notify (or `timeout` ms), re-acquires; resolves false on timeout. When `signal`
   * aborts it rejects with the signal's reason, with the lock held again. `wait(timeout)` or `wait({ timeout, signal })`.
   */
  wait(timeoutOrOptions?: number | null | WaitOptions): Promise<boolean> {
    const { timeout, signal } = waitArguments(timeoutOrOptions);
    this.checkHeld('wait');
    if (signal?.aborted === true) return Promise.reject(abortReason(signal));
    return runAsync(this.waitSteps(normalizeTimeout(timeout), signal));
  }

  /** wait() that blocks the calling thread (an already aborted `signal` throws). */
  waitSync(timeoutOrOptions?: number | null | WaitOptions): boolean {
    const { timeout, signal } = waitArguments(timeoutOrOptions);
    this.checkHeld('wait');
    throwIfAborted(signal);
    return runSync(this.waitSteps(normalizeTimeout(timeout)));
  }

  /** Waits until `predicate()` is truthy (or `timeout` ms pass); resolves with its last value; `signal` as wait(). */
  async waitFor<T>(predicate: () => T, timeoutOrOptions?: number | null | WaitOptions): Promise<T> {
    const { timeout, signal } = waitArguments(timeoutOrOptions);
    const deadline = deadlineAfter(normalizeTimeout(timeout));
    let result = predicate();
    while (!result) {
      const left = remaining(deadline);
      if (left === 0) break;
      await this.wait({ timeout: left < 0 ? null : left, signal });
      result = predicate();
    }
    return result;
  }

  /** waitFor() that blocks the calling thread. */
  waitForSync<T>(predicate: () => T, timeoutOrOptions?: number | null | WaitOptions): T {
    const { timeout, signal } = waitArguments(timeoutOrOptions);
    throwIfAborted(signal);
    const deadline = deadlineAfter(normalizeTimeout(timeout));
    let result = predicate();
    while (!result) {
      const left = remaining(deadline);
      if (left === 0) break;
      this.waitSync(left < 0 ? null : left);
      result = predicate();
    }
    return result;
  }

  /** Wakes at most `n` waiters (default 1); the lock must be held. */
  notify(n = 1): void {
    this.checkHeld('notify');
    const words = this.words;
    const granted = Math.min(n, Atomics.load(words, WAITERS) - Atomics.load(words, SIGNALS));
    if (!(granted > 0)) return;
    Atomics.add(words, SIGNALS, granted);
    Atomics.add(words, SEQUENCE, 1);
    wake(words, SEQUENCE, granted);
  }

  /** Wakes every waiter; the lock must be held. */
  notifyAll(): void {
    this.notify(Infinity);
  }

  toString(): string {
    return `<Condition(${String(this.lock)}, ${Atomics.load(this.words, WAITERS) - Atomics.load(this.words, SIGNALS)})>`;
  }
}

registerReducer<Condition, { w: Int32Array; lock: Lock | RLock }>({
  tag: 'multiproc.Condition',
  type: Condition,
  reduce: (condition) => {
    const { words, lock } = condition as unknown as { words: Int32Array; lock: Lock | RLock };
    return { w: words, lock };
  },
  revive: (state) => reviveAs(Condition, { words: wordsOf(state, 'Condition', WORDS), lock: state.lock }),
});
