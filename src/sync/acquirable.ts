// What Lock, RLock, Semaphore and Condition share: acquire (async and blocking), release, and the guards for
// `using`. Subclasses provide the fast path and the slow path once; this class derives the rest.
import { Guard } from './guard.js';
import { abortReason, throwIfAborted, validateSignal } from '../time.js';
import { acquireTimeout, runAsync, runSync, type AcquireOptions, type Steps } from './steps.js';

const TRUE = Promise.resolve(true);
const FALSE = Promise.resolve(false);

export abstract class Acquirable {
  /** Takes the object without waiting; false when that is not possible now. */
  protected abstract tryAcquire(): boolean;
  /** The slow path, after tryAcquire failed; `timeoutMs` > 0 or -1 (forever); `signal` may cut its sleeps short. */
  protected abstract acquireSteps(timeoutMs: number, signal?: AbortSignal): Steps<boolean>;
  abstract release(): void;

  /**
   * Python's acquire(block, timeout): resolves true once acquired, false after the timeout; rejects with the reason
   * of `signal` when it aborts first (at once if it already has). Never blocks the thread.
   */
  acquire(options?: AcquireOptions): Promise<boolean> {
    const timeoutMs = options === undefined ? -1 : acquireTimeout(options);
    const signal = validateSignal(options?.signal);
    if (signal?.aborted === true) return Promise.reject(abortReason(signal));
    if (this.tryAcquire()) return TRUE;
    if (timeoutMs === 0) return FALSE;
    return runAsync(this.acquireSteps(timeoutMs, signal));
  }

  /** acquire() that blocks the calling thread instead of returning a promise (an aborted `signal` throws). */
  acquireSync(options?: AcquireOptions): boolean {
    const timeoutMs = options === undefined ? -1 : acquireTimeout(options);
    throwIfAborted(validateSignal(options?.signal));
    if (this.tryAcquire()) return true;
    if (timeoutMs === 0) return false;
    return runSync(this.acquireSteps(timeoutMs));
  }

  /** Blocks until acquired, and releases when the `using` block ends: `using _ = lock.guard()`. */
  guard(): Guard {
    this.acquireSync();
    return new Guard(() => this.release());
  }

  /** Waits until acquired, and releases when the `using` block ends: `using _ = await lock.hold()`. */
  async hold(): Promise<Guard> {
    await this.acquire();
    return new Guard(() => this.release());
  }
}
