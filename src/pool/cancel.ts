// Cancelling one pool call through its AbortSignal: the call settles with the signal's reason, its chunks not yet
// handed out are dropped, and a worker holding one of its chunks is stopped and replaced as a lost one would be.
// Chunks of other calls that such a worker held are handed back to be sent again, so an abort never fails them.
import { onAbort, validateSignal } from '../time.js';
import type { Job, Task } from './tasks.js';
import type { PoolWorker } from './workers.js';

/** What the pool exposes to a cancellation. */
export interface CancelTarget {
  readonly workers: Iterable<PoolWorker>;
  /** Sends these tasks (of other jobs) again, before any new chunk. */
  resend(tasks: Task[]): void;
}

/** Ends `job` with `reason` now: settles it, drops its pending chunks, replaces the workers that hold its chunks. */
export function cancelJob(pool: CancelTarget, job: Job, reason: unknown): void {
  job.abort(reason);
  const others: Task[] = [];
  for (const worker of pool.workers) {
    const held = [...worker.held.values()];
    if (!held.some((task) => task.job === job)) continue;
    // The worker may be running the chunk right now: only stopping the process stops it.
    worker.held.clear();
    for (const task of held) if (task.job !== job) others.push(task);
    worker.stopping = true; // no new chunk for it in the moment before its exit is seen
    worker.process.kill();
  }
  if (others.length > 0) pool.resend(others);
}

/**
 * Cancels `job` when `signal` aborts; the listener goes when `settled` resolves, so that one long-lived signal used
 * for many calls holds no listener per finished call.
 */
export function cancelOnAbort(pool: CancelTarget, job: Job, signal: AbortSignal | undefined, settled: Promise<unknown>): void {
  if (signal === undefined) return;
  const stopListening = onAbort(signal, (reason) => cancelJob(pool, job, reason));
  void settled.then(stopListening, stopListening);
}

/** The `signal` of a call's options, checked. */
export function signalOf(options: { signal?: AbortSignal } | undefined): AbortSignal | undefined {
  return validateSignal(options?.signal);
}
