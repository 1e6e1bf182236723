// Python's multiprocessing.Barrier over eight words of shared memory: a mutex block (mutex.ts) guarding
//   [EPOCH] bumped (and every sleeper woken) on each change of STATE, so sleepers re-check; nobody misses a change
//           because each reads EPOCH under the mutex before letting it go
//   [STATE] FILLING, TRIPPING (the last party runs the action), DRAINING (parties leave), RESETTING, BROKEN
//   [COUNT] parties inside wait(); [PARTIES]
// As threading.Barrier: new parties wait while the previous cycle drains, each gets a unique index (0 first,
// parties-1 for the one that trips and runs `action`), and a timeout, abort() or reset() breaks the waiters.
import { allocateWords } from '../shm/arena.js';
import { wake } from '../shm/futex.js';
import { abortReason, deadlineAfter, normalizeTimeout, remaining, throwIfAborted, waitArguments, type Deadline, type WaitOptions } from '../time.js';
import { registerReducer } from '../serialize/index.js';
import { referenceOf, type Reference } from '../reference/locate.js';
import { resolveTrustedReference, resolveTrustedReferenceSync } from '../reference/resolve.js';
import { BrokenBarrierError, ValueError } from '../errors.js';
import { reviveAs, wordsOf } from './internals.js';
import { lockSteps, MUTEX_WORDS, unlock } from './mutex.js';
import { runAsync, runSync, type Steps } from './steps.js';

const EPOCH = MUTEX_WORDS;
const STATE = MUTEX_WORDS + 1;
const COUNT = MUTEX_WORDS + 2;
const PARTIES = MUTEX_WORDS + 3;
const WORDS = MUTEX_WORDS + 4;

const FILLING = 0;
const TRIPPING = 1;
const DRAINING = 2;
const RESETTING = 3;
const BROKEN = 4;

export interface BarrierOptions {
  /** Run by the party that trips the barrier, once per cycle. Must be an exported function to cross processes. */
  action?: (() => unknown) | null;
  /** Default timeout of wait(), in ms. */
  timeout?: number | null;
}

/** A meeting point for a fixed number of parties in any processes and threads: Python's Barrier. */
export class Barrier {
  protected readonly words: Int32Array;
  protected readonly mutex: Int32Array;
  protected action: (() => unknown) | null;
  protected readonly actionReference: Reference | null;
  /** The default timeout of wait(), in ms (null: none). */
  readonly timeout: number | null;

  constructor(parties: number, options: BarrierOptions = {}) {
    if (!Number.isInteger(parties) || parties < 1) throw new ValueError('parties must be >= 1');
    this.words = allocateWords(WORDS);
    this.mutex = this.words.subarray(0, MUTEX_WORDS);
    this.words[PARTIES] = parties;
    this.action = options.action ?? null;
    this.actionReference = null;
    this.timeout = options.timeout ?? null;
  }

  /** The action a received barrier names, refused (TypeError) when this process may not import its module. */
  private trustedAction(action: Function | null): () => unknown {
    if (action === null) {
      throw new TypeError(
        `this Barrier's action comes from ${this.actionReference?.url}, a module this process may not import for a peer: ` +
          'import it here first, or keep it under the application root (MULTIPROC_APP_ROOT)',
      );
    }
    return action as () => unknown;
  }

  private state(): number {
    return Atomics.load(this.words, STATE);
  }

  /** Sets STATE (mutex held) and wakes every sleeper to look at it. */
  private become(state: number): void {
    Atomics.store(this.words, STATE, state);
    Atomics.add(this.words, EPOCH, 1);
    wake(this.words, EPOCH);
  }

  /** Lets the mutex go, sleeps until the next change (or `timeoutMs`, or an abort), takes the mutex back. */
  private *sleep(timeoutMs: number, signal?: AbortSignal): Steps<void> {
    const epoch = Atomics.load(this.words, EPOCH);
    unlock(this.mutex);
    let aborted: { reason: unknown } | null = null;
    try {
      yield { word: this.words, index: EPOCH, expected: epoch, timeoutMs, signal };
    } catch (reason) {
      aborted = { reason };
    }
    yield* lockSteps(this.mutex, -1);
    if (aborted !== null) throw aborted.reason;
  }

  private *trip(sync: boolean): Steps<void> {
    const action = this.action ?? (this.actionReference && sync ? this.trustedAction(resolveTrustedReferenceSync(this.actionReference)) : null);
    if (action !== null) {
      this.become(TRIPPING);
      unlock(this.mutex);
      try {
        const result = action();
        if (!sync && typeof (result as PromiseLike<unknown>)?.then === 'function') yield result as PromiseLike<unknown>;
      } catch (error) {
        yield* lockSteps(this.mutex, -1);
        this.become(BROKEN);
        throw error;
      }
      yield* lockSteps(this.mutex, -1);
    }
    this.become(DRAINING);
  }

  private *waitForTrip(deadline: Deadline, signal: AbortSignal | undefined): Steps<void> {
    for (let state = this.state(); state === FILLING || state === TRIPPING; state = this.state()) {
      const left = remaining(deadline);
      if (left === 0 && state === FILLING) {
        this.become(BROKEN);
        break;
      }
      if (state === TRIPPING) {
        yield* this.sleep(-1);
        continue;
      }
      try {
        yield* this.sleep(left, signal);
      } catch (aborted) {
        // As a timeout does (and Python's Barrier on any error in wait): a party that leaves breaks the cycle.
        if (this.state() === FILLING) this.become(BROKEN);
        throw aborted;
      }
    }
    if (this.state() !== DRAINING) throw new BrokenBarrierError();
  }

  private *waitSteps(timeoutMs: number, sync: boolean, signal?: AbortSignal): Steps<number> {
    const words = this.words;
    yield* lockSteps(this.mutex, -1);
    try {
      for (let state = this.state(); state === TRIPPING || state === DRAINING || state === RESETTING; state = this.state()) {
        yield* this.sleep(-1);
      }
      if (this.state() === BROKEN) throw new BrokenBarrierError();
      const index = Atomics.add(words, COUNT, 1);
      try {
        if (index + 1 === words[PARTIES]) yield* this.trip(sync);
        else yield* this.waitForTrip(deadlineAfter(timeoutMs), signal);
        return index;
      } finally {
        // The last party out of a drained or reset cycle opens the barrier to the next one.
        if (Atomics.sub(words, COUNT, 1) === 1 && (this.state() === DRAINING || this.state() === RESETTING)) this.become(FILLING);
      }
    } finally {
      unlock(this.mutex);
    }
  }

  private timeoutOf(timeout: number | null | undefined): number {
    return normalizeTimeout(timeout ?? this.timeout);
  }

  /**
   * Waits for all parties; resolves with this party's index in the cycle. Rejects with BrokenBarrierError if broken,
   * or with the reason of `signal` when it aborts first (which breaks the barrier for the others, as a timeout does).
   * `wait(timeout)` or `wait({ timeout, signal })`.
   */
  async wait(timeoutOrOptions?: number | null | WaitOptions): Promise<number> {
    const { timeout, signal } = waitArguments(timeoutOrOptions);
    if (signal?.aborted === true) throw abortReason(signal);
    if (this.action === null && this.actionReference !== null) this.action = this.trustedAction(await resolveTrustedReference(this.actionReference));
    return runAsync(this.waitSteps(this.timeoutOf(timeout), false, signal));
  }

  /** wait() that blocks the calling thread (an already aborted `signal` throws). */
  waitSync(timeoutOrOptions?: number | null | WaitOptions): number {
    const { timeout, signal } = waitArguments(timeoutOrOptions);
    throwIfAborted(signal);
    return runSync(this.waitSteps(this.timeoutOf(timeout), true));
  }

  private withMutex(change: () => void): void {
    runSync(lockSteps(this.mutex, -1));
    try {
      change();
    } finally {
      unlock(this.mutex);
    }
  }

  /** Returns the barrier to its empty state; parties waiting now get BrokenBarrierError. */
  reset(): void {
    this.withMutex(() => {
      const state = this.state();
      if (Atomics.load(this.words, COUNT) === 0) this.become(FILLING);
      else if (state === FILLING || state === BROKEN) this.become(RESETTING);
    });
  }

  /** Breaks the barrier: waiting and future parties get BrokenBarrierError until reset(). */
  abort(): void {
    this.withMutex(() => this.become(BROKEN));
  }

  /** The number of parties needed to trip the barrier. */
  get parties(): number {
    return this.words[PARTIES];
  }

  /** Parties waiting in the current cycle. */
  get nWaiting(): number {
    return this.state() === FILLING ? Atomics.load(this.words, COUNT) : 0;
  }

  /** Whether the barrier is broken. */
  get broken(): boolean {
    return this.state() === BROKEN;
  }
}

interface BarrierState {
  w: Int32Array;
  action: Reference | null;
  timeout: number | null;
}

registerReducer<Barrier, BarrierState>({
  tag: 'multiproc.Barrier',
  type: Barrier,
  reduce: (barrier) => {
    const { words, action, actionReference } = barrier as unknown as { words: Int32Array; action: Function | null; actionReference: Reference | null };
    return { w: words, action: action === null ? actionReference : referenceOf(action, 'Barrier action'), timeout: barrier.timeout };
  },
  revive: (state) => {
    const words = wordsOf(state, 'Barrier', WORDS);
    return reviveAs(Barrier, { words, mutex: words.subarray(0, MUTEX_WORDS), action: null, actionReference: state.action, timeout: state.timeout });
  },
});
