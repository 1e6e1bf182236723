// Python's multiprocessing.RLock: re-entrant for its owner, the (process, thread) that acquired it; all async code
// of one thread is one owner, as all code of a Python thread is. Release by anyone else is a ValueError.
import { allocateWords } from '../shm/arena.js';
import { registerReducer } from '../serialize/index.js';
import { ValueError } from '../errors.js';
import { Acquirable } from './acquirable.js';
import { HELD_BY_ME, RELEASE_ALL, RESTORE_STEPS, reviveAs, wordsOf, type ConditionLock } from './internals.js';
import { COUNT, heldByMe, isLocked, lockSteps, MUTEX_WORDS, OWNER_PID, OWNER_TID, spinLock, tryLock, unlock } from './mutex.js';
import { throwIfAborted, validateSignal } from '../time.js';
import { acquireTimeout, runSync, type AcquireOptions, type Steps } from './steps.js';

/** A re-entrant lock shared by processes and threads: Python's multiprocessing.RLock. */
export class RLock extends Acquirable implements ConditionLock {
  protected readonly words: Int32Array;

  constructor() {
    super();
    this.words = allocateWords(MUTEX_WORDS);
  }

  protected tryAcquire(): boolean {
    const words = this.words;
    if (heldByMe(words)) {
      words[COUNT]++;
      return true;
    }
    if (!tryLock(words)) return false;
    words[COUNT] = 1;
    return true;
  }

  // The hot path, inlined: re-entry, one compare-and-swap, a short spin; only then the generator of the slow path.
  override acquireSync(options?: AcquireOptions): boolean {
    const timeoutMs = options === undefined ? -1 : acquireTimeout(options);
    if (options?.signal !== undefined) throwIfAborted(validateSignal(options.signal));
    const words = this.words;
    if (heldByMe(words)) {
      words[COUNT]++;
      return true;
    }
    if (tryLock(words)) {
      words[COUNT] = 1;
      return true;
    }
    if (timeoutMs === 0) return false;
    if (spinLock(words)) {
      words[COUNT] = 1;
      return true;
    }
    return runSync(this.acquireSteps(timeoutMs));
  }

  protected *acquireSteps(timeoutMs: number, signal?: AbortSignal): Steps<boolean> {
    if (!(yield* lockSteps(this.words, timeoutMs, signal))) return false;
    this.words[COUNT] = 1;
    return true;
  }

  /** Releases one level; the lock is free when the owner has released as often as it acquired. */
  release(): void {
    const words = this.words;
    if (!heldByMe(words)) throw new ValueError('cannot release un-acquired lock (an RLock is released by the thread that acquired it)');
    if (--words[COUNT] === 0) unlock(words);
  }

  /** Whether some process or thread holds it. */
  locked(): boolean {
    return isLocked(this.words);
  }

  [HELD_BY_ME](): boolean {
    return heldByMe(this.words);
  }

  [RELEASE_ALL](): number {
    const depth = this.words[COUNT];
    this.words[COUNT] = 0;
    unlock(this.words);
    return depth;
  }

  *[RESTORE_STEPS](depth: number): Steps<void> {
    yield* lockSteps(this.words, -1);
    this.words[COUNT] = depth;
  }

  override toString(): string {
    const words = this.words;
    if (!this.locked()) return '<RLock(None, 0)>';
    return `<RLock(${Atomics.load(words, OWNER_PID)}:${Atomics.load(words, OWNER_TID)}, ${words[COUNT]})>`;
  }
}

registerReducer<RLock, { w: Int32Array }>({
  tag: 'multiproc.RLock',
  type: RLock,
  reduce: (lock) => ({ w: (lock as unknown as { words: Int32Array }).words }),
  revive: (state) => reviveAs(RLock, { words: wordsOf(state, 'RLock', MUTEX_WORDS) }),
});
