// Each primitive's slow path is written once, as a generator that yields what it must wait for; a sync driver
// sleeps on the calling thread (futex) and an async driver awaits the process's waiter thread. Fast paths never
// come here.
import { normalizeTimeout, waitAsync, waitSync, type WaitOutcome } from '../shm/futex.js';

/** Sleep while `word[index] === expected`, at most `timeoutMs` (-1: no limit). */
export interface Sleep {
  word: Int32Array;
  index: number;
  expected: number;
  timeoutMs: number;
}

/** What a slow path yields: a sleep, or (async only) a promise to settle first, such as a Barrier action's. */
export type Step = Sleep | PromiseLike<unknown>;

export type Steps<T> = Generator<Step, T, WaitOutcome | undefined>;

function isSleep(step: Step): step is Sleep {
  return (step as Sleep).word !== undefined;
}

/** Runs a slow path on the calling thread: blocks it while sleeping. Promises yielded are not awaited. */
export function runSync<T>(steps: Steps<T>): T {
  let next = steps.next();
  while (!next.done) {
    const step = next.value;
    next = steps.next(isSleep(step) ? waitSync(step.word, step.index, step.expected, step.timeoutMs) : undefined);
  }
  return next.value;
}

/** Runs a slow path without blocking the thread. */
export async function runAsync<T>(steps: Steps<T>): Promise<T> {
  let next = steps.next();
  while (!next.done) {
    const step = next.value;
    if (isSleep(step)) {
      next = steps.next(await waitAsync(step.word, step.index, step.expected, step.timeoutMs));
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

/** A point in time, in performance.now() milliseconds (Infinity: never). */
export type Deadline = number;

export function deadlineAfter(timeoutMs: number): Deadline {
  return timeoutMs < 0 ? Infinity : performance.now() + timeoutMs;
}

/** Milliseconds left before `deadline`: -1 when there is none, else >= 0. */
export function remaining(deadline: Deadline): number {
  return deadline === Infinity ? -1 : Math.max(0, deadline - performance.now());
}

/** The shorter of two timeouts in the -1-means-forever convention. */
export function shorter(a: number, b: number): number {
  if (a < 0) return b;
  if (b < 0) return a;
  return Math.min(a, b);
}

/** Python's acquire(block=True, timeout=None), in milliseconds. */
export interface AcquireOptions {
  /** false: answer at once (the timeout is ignored). */
  block?: boolean;
  /** Milliseconds; undefined or null waits forever, negative means 0. */
  timeout?: number | null;
}

/** The timeout of an acquire in the -1-means-forever convention (0 when not blocking). */
export function acquireTimeout(options: AcquireOptions | undefined): number {
  if (options === undefined) return -1;
  if (options.block === false) return 0;
  return normalizeTimeout(options.timeout);
}
