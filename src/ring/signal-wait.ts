// Sleeping until a condition on shared memory holds, without lost wake-ups. A sleeper registers in a waiter count,
// reads the signal word, then re-checks its condition; a changer updates state, then (only if the count is non-zero)
// bumps the signal word and wakes it. Either the re-check sees the change or the changer sees the sleeper, and a bump
// between the read and the sleep makes the futex refuse to sleep.
import { runAsync, runSync, type Steps } from '../sync/steps.js';
import { deadlineAfter, isPast, remaining, shorter } from '../time.js';

export interface SignalWaitOptions {
  /** Whether the wait keeps the process alive (default true). */
  keepAlive?: boolean;
  /** Wake at least this often (ms) to run `onSlice` (e.g. to check that a peer process is still alive). */
  sliceMs?: number;
  /** Runs after a slice passed without a signal; returning true ends the wait as ready. */
  onSlice?: () => boolean;
  /** Ends the wait: it rejects (throws) with the signal's reason. */
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

/** The wait once, for both drivers: true once `ready()` holds, false when `timeoutMs` (-1: forever) passes first. */
function* signalSteps(
  words: Int32Array, waitersIndex: number, signalIndex: number, ready: () => boolean, timeoutMs: number, options: SignalWaitOptions,
): Steps<boolean> {
  const deadline = deadlineAfter(timeoutMs);
  if (timeoutMs !== 0 && spinUntil(ready)) return true;
  const sliceMs = options.sliceMs ?? -1;
  for (;;) {
    Atomics.add(words, waitersIndex, 1);
    try {
      const seen = Atomics.load(words, signalIndex);
      if (ready()) return true;
      if (isPast(deadline)) return false;
      const slice = shorter(Math.ceil(remaining(deadline)), sliceMs);
      const outcome = yield { word: words, index: signalIndex, expected: seen, timeoutMs: slice, keepAlive: options.keepAlive ?? true, signal: options.signal };
      if (outcome === 'timed-out' && options.onSlice?.() === true) return true;
    } finally {
      Atomics.sub(words, waitersIndex, 1);
    }
  }
}

/** Resolves true once `ready()` holds, false when `timeoutMs` (-1: forever) passes first; rejects when `signal` aborts. */
export function waitForSignal(
  words: Int32Array, waitersIndex: number, signalIndex: number, ready: () => boolean, timeoutMs: number,
  options: SignalWaitOptions = {},
): Promise<boolean> {
  return runAsync(signalSteps(words, waitersIndex, signalIndex, ready, timeoutMs, options));
}

/** The blocking twin of waitForSignal, for ...Sync methods (blocks the calling thread; an aborted `signal` throws). */
export function waitForSignalSync(
  words: Int32Array, waitersIndex: number, signalIndex: number, ready: () => boolean, timeoutMs: number,
  options: SignalWaitOptions = {},
): boolean {
  return runSync(signalSteps(words, waitersIndex, signalIndex, ready, timeoutMs, options));
}
