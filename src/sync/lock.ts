// Python's multiprocessing.Lock over four words of shared memory (see mutex.ts): any process or thread that
// receives it shares it; anyone may release it; releasing it when free is a ValueError.
import { allocateWords } from '../shm/arena.js';
import { registerReducer } from '../serialize/index.js';
import { ValueError } from '../errors.js';
import { Acquirable } from './acquirable.js';
import { HELD_BY_ME, RELEASE_ALL, RESTORE_STEPS, reviveAs, wordsOf, type ConditionLock } from './internals.js';
import { heldByMe, isLocked, lockSteps, MUTEX_WORDS, OWNER_PID, OWNER_TID, STATE, tryLock, unlock } from './mutex.js';
import { throwIfAborted, validateSignal } from '../time.js';
import { acquireTimeout, runSync, type AcquireOptions, type Steps } from './steps.js';
import { selfPid, SELF_TID } from './identity.js';

/** A non-recursive lock shared by processes and threads: Python's multiprocessing.Lock. */
export class Lock extends Acquirable implements ConditionLock {
  protected readonly words: Int32Array;

  constructor() {
    super();
    this.words = allocateWords(MUTEX_WORDS);
  }

  protected tryAcquire(): boolean {
    return tryLock(this.words);
  }

  protected acquireSteps(timeoutMs: number, signal?: AbortSignal): Steps<boolean> {
    return lockSteps(this.words, timeoutMs, signal);
  }

  // The hot path, inlined: one compare-and-swap.
  override acquireSync(options?: AcquireOptions): boolean {
    // Bad options are refused even when the lock is free (as Python parses them first); none given costs one test.
    const timeoutMs = options === undefined ? -1 : acquireTimeout(options);
    if (options?.signal !== undefined) throwIfAborted(validateSignal(options.signal));
    const words = this.words;
    if (Atomics.compareExchange(words, STATE, 0, 1) === 0) {
      words[OWNER_PID] = selfPid();
      words[OWNER_TID] = SELF_TID;
      return true;
    }
    return timeoutMs !== 0 && runSync(lockSteps(words, timeoutMs));
  }

  /** Releases the lock, whoever holds it; a ValueError if it is not held. */
  release(): void {
    if (!isLocked(this.words)) throw new ValueError('semaphore or lock released too many times');
    unlock(this.words);
  }

  /** Whether some process or thread holds it. */
  locked(): boolean {
    return isLocked(this.words);
  }

  [HELD_BY_ME](): boolean {
    return heldByMe(this.words);
  }

  [RELEASE_ALL](): number {
    unlock(this.words);
    return 1;
  }

  *[RESTORE_STEPS](): Steps<void> {
    yield* lockSteps(this.words, -1);
  }

  override toString(): string {
    return `<Lock(owner=${this.locked() ? Atomics.load(this.words, OWNER_PID) : 'None'})>`;
  }
}

registerReducer<Lock, { w: Int32Array }>({
  tag: 'multiproc.Lock',
  type: Lock,
  reduce: (lock) => ({ w: (lock as unknown as { words: Int32Array }).words }),
  revive: (state) => reviveAs(Lock, { words: wordsOf(state, 'Lock', MUTEX_WORDS) }),
});
