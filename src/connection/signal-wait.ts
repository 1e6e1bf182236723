// Sleeping until a condition on shared memory holds, without lost wake-ups. A sleeper registers in a waiter count,
// reads the signal word, then re-checks its condition; a changer updates state, then (only if the count is non-zero)
// bumps the signal word and wakes it. Either the re-check sees the change or the changer sees the sleeper, and a bump
// between the read and the sleep makes the futex refuse to sleep.
import { waitAsync, waitSync } from '../shm/futex.js';

export interface SignalWaitOptions {
  /** Whether the wait keeps the process alive (default true). */
  keepAlive?: boolean;
  /** Wake at least this often (ms) to run `onSlice` (e.g. to check that a peer process is still alive). */
  sliceMs?: number;
  /** Runs after a slice passed without a signal; returning true ends the wait as ready. */
  onSlice?: () => boolean;
  /** Ends the wait (as not ready) when aborted; the aborter must also bump the signal word to wake the sleeper. */
  signal?: AbortSignal;
}

/**
 * Polls before sleeping: a peer in another process usually answers within microseconds, and a sleeper that never
 * registers spares the peer its futex-wake system call. Short, so that an idle wait costs nothing measurable.
 */
const SPINS = Number(process.env.MULTIPROC_SPINS ?? 200);

function spinUntil(ready: () => boolean): boolean {
  for (let i = 0; i < SPINS; i++) if (ready()) return true;
  return false;
}

function sliceOf(deadline: number, sliceMs: number | undefined): number {
  const remaining = deadline === Infinity ? Infinity : Math.max(0, Math.ceil(deadline - performance.now()));
  const slice = Math.min(remaining, sliceMs ?? Infinity);
  return slice === Infinity ? -1 : slice;
}

function deadlineOf(timeoutMs: number): number {
  return timeoutMs < 0 ? Infinity : performance.now() + timeoutMs;
}

/** Resolves true once `ready()` holds, false when `timeoutMs` (-1: forever) passes first or the wait is aborted. */
export async function waitForSignal(
  words: Int32Array, waitersIndex: number, signalIndex: number, ready: () => boolean, timeoutMs: number,
  options: SignalWaitOptions = {},
): Promise<boolean> {
  const deadline = deadlineOf(timeoutMs);
  if (timeoutMs !== 0 && spinUntil(ready)) return true;
  for (;;) {
    Atomics.add(words, waitersIndex, 1);
    try {
      const seen = Atomics.load(words, signalIndex);
      if (ready()) return true;
      if (options.signal?.aborted) return false;
      if (performance.now() >= deadline) return false;
      const outcome = await waitAsync(words, signalIndex, seen, sliceOf(deadline, options.sliceMs), { keepAlive: options.keepAlive ?? true });
      if (outcome === 'timed-out' && options.onSlice?.() === true) return true;
    } finally {
      Atomics.sub(words, waitersIndex, 1);
    }
  }
}

/** The blocking twin of waitForSignal, for ...Sync methods (blocks the calling thread). */
export function waitForSignalSync(
  words: Int32Array, waitersIndex: number, signalIndex: number, ready: () => boolean, timeoutMs: number,
  options: SignalWaitOptions = {},
): boolean {
  const deadline = deadlineOf(timeoutMs);
  if (timeoutMs !== 0 && spinUntil(ready)) return true;
  for (;;) {
    Atomics.add(words, waitersIndex, 1);
    try {
      const seen = Atomics.load(words, signalIndex);
      if (ready()) return true;
      if (performance.now() >= deadline) return false;
      const outcome = waitSync(words, signalIndex, seen, sliceOf(deadline, options.sliceMs));
      if (outcome === 'timed-out' && options.onSlice?.() === true) return true;
    } finally {
      Atomics.sub(words, waitersIndex, 1);
    }
  }
}
