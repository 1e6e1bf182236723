// Each primitive's slow path is written once, as a generator that yields what it must wait for; a sync driver
// sleeps on the calling thread (futex) and an async driver awaits the process's waiter thread. Fast paths never
// come here.
import { waitAsync, waitSync, type WaitOutcome } from '../shm/futex.js';
import { abortReason, normalizeTimeout } from '../time.js';

/** Sleep while `word[index] === expected`, at most `timeoutMs` (-1: no limit). */
export interface Sleep {
  word: Int32Array;
  index: number;
  expected: number;
  timeoutMs: number;
  /** Whether an async sleep keeps the process alive (default true). */
  keepAlive?: boolean;
  /** Ends this sleep early; its reason is thrown into the slow path. Only sleeps that may be cut short carry one. */
  signal?: AbortSignal;
}

/** What a slow path yields: a sleep, or (async only) a promise to settle first, such as a Barrier action's. */
export type Step = Sleep | PromiseLike<unknown>;

export type Steps<T> = Generator<Step, T, WaitOutcome | undefined>;

function isSleep(step: Step): step is Sleep {
  return (step as Sleep).word !== undefined;
}

/**
 * Runs a slow path on the calling thread: blocks it while sleeping. Promises yielded are not awaited. A sleep whose
 * `signal` has aborted is not slept: the reason is thrown into the slow path instead (nothing on this thread can
 * abort it during a sleep).
 */
export function runSync<T>(steps: Steps<T>): T {
  let next = steps.next();
  while (!next.done) {
    const step = next.value;
    if (!isSleep(step)) next = steps.next(undefined);
    else if (step.signal?.aborted === true) next = steps.throw(abortReason(step.signal));
    else next = steps.next(waitSync(step.word, step.index, step.expected, step.timeoutMs));
  }
  return next.value;
}

/**
 * Runs a slow path without blocking the thread. An abort of a sleep's `signal` ends the sleep at once and is thrown
 * into the slow path at that `yield`, whose `catch`/`finally` undo what it registered (a waiter count, a held mutex).
 */
export async function runAsync<T>(steps: Steps<T>): Promise<T> {
  let next = steps.next();
  while (!next.done) {
    const step = next.value;
    if (isSleep(step)) {
      const { signal } = step;
      const outcome = signal?.aborted === true ? undefined : await waitAsync(step.word, step.index, step.expected, step.timeoutMs, { keepAlive: step.keepAlive ?? true, signal });
      next = signal?.aborted === true ? steps.throw(abortReason(signal)) : steps.next(outcome);
    } else {
      let settled: IteratorResult<Step, T>;
      try {
        await step;
        settled = steps.next(undefined);
      } catch (error) {
        settled = steps.throw(error);
      }
      next = settled;
    }
  }
  return next.value;
}

/** Python's acquire(block=True, timeout=None), in milliseconds. */
export interface AcquireOptions {
  /** false: answer at once (the timeout is ignored). */
  block?: boolean;
  /** Milliseconds; undefined or null waits forever, negative means 0. */
  timeout?: number | null;
  /** Ends the wait early: it rejects (or throws) with the signal's reason. */
  signal?: AbortSignal;
}

/** The timeout of an acquire in the -1-means-forever convention (0 when not blocking). */
export function acquireTimeout(options: AcquireOptions | undefined): number {
  if (options === undefined) return -1;
  if (options.block === false) return 0;
  return normalizeTimeout(options.timeout);
}
