// Sleeping and waking on a 32-bit word of shared memory. With the addon: Linux futexes, which work across processes
// (V8's Atomics.wait does not); without it: Atomics, which work between the threads of one process.
import { native } from '../platform/native.js';
import { onAbort } from '../time.js';

export type WaitOutcome = 'ok' | 'not-equal' | 'timed-out';

const OUTCOMES: readonly WaitOutcome[] = ['ok', 'not-equal', 'timed-out'];

/** Blocks the calling thread while `word[index] === expected`, up to `timeoutMs` (-1: forever). */
export function waitSync(word: Int32Array, index: number, expected: number, timeoutMs = -1): WaitOutcome {
  if (native !== null) {
    return OUTCOMES[native.futexWait(word.buffer as SharedArrayBuffer, word.byteOffset + index * 4, expected, timeoutMs)];
  }
  return Atomics.wait(word, index, expected, timeoutMs < 0 ? Infinity : timeoutMs);
}

/** Wakes up to `count` waiters of `word[index]`, in any process. */
export function wake(word: Int32Array, index: number, count = Infinity): number {
  if (native !== null) return native.futexWake(word.buffer as SharedArrayBuffer, word.byteOffset + index * 4, count);
  return Atomics.notify(word, index, count);
}

interface Pending {
  resolve(outcome: WaitOutcome): void;
  timer: NodeJS.Timeout | undefined;
  stopListening: () => void;
  keepAlive: boolean;
}

const pending = new Map<number, Pending>();
let waiterStarted = false;
let keptAlive = 0;

function settle(id: number, outcome: WaitOutcome): void {
  const entry = pending.get(id);
  if (entry === undefined) return;
  pending.delete(id);
  if (entry.timer !== undefined) clearTimeout(entry.timer);
  entry.stopListening();
  if (entry.keepAlive && --keptAlive === 0) native!.waiterRef(false);
  entry.resolve(outcome);
}

function startWaiter(): void {
  native!.waiterInit((ids) => {
    for (const id of ids) settle(id, 'ok');
  });
  waiterStarted = true;
}

export interface WaitAsyncOptions {
  /** Whether this wait keeps the process alive, as a pending read would (default true). */
  keepAlive?: boolean;
  /** Ends the wait early, as 'timed-out' (the caller decides what an abort means). */
  signal?: AbortSignal;
}

/**
 * Resolves when `word[index]` is woken or no longer `expected`, after `timeoutMs` (-1: never) or when `signal` aborts
 * (both 'timed-out'). Never blocks the thread.
 */
export function waitAsync(word: Int32Array, index: number, expected: number, timeoutMs = -1, options: WaitAsyncOptions = {}): Promise<WaitOutcome> {
  const keepAlive = options.keepAlive ?? true;
  if (Atomics.load(word, index) !== expected) return Promise.resolve('not-equal');
  if (timeoutMs === 0 || options.signal?.aborted === true) return Promise.resolve('timed-out');
  if (native === null) return waitAsyncAtomics(word, index, expected, timeoutMs, keepAlive, options.signal);
  if (!waiterStarted) startWaiter();
  const id = native.waitAsync(word.buffer as SharedArrayBuffer, word.byteOffset + index * 4, expected);
  return new Promise<WaitOutcome>((resolve) => {
    const entry: Pending = { resolve, timer: undefined, keepAlive, stopListening: () => {} };
    const cancel = () => {
      native!.waitCancel(id);
      settle(id, 'timed-out');
    };
    if (timeoutMs > 0) {
      entry.timer = setTimeout(cancel, timeoutMs);
      if (!keepAlive) entry.timer.unref();
    }
    pending.set(id, entry);
    entry.stopListening = onAbort(options.signal, cancel);
    if (keepAlive && keptAlive++ === 0) native!.waiterRef(true);
  });
}

function waitAsyncAtomics(word: Int32Array, index: number, expected: number, timeoutMs: number, keepAlive: boolean, signal: AbortSignal | undefined): Promise<WaitOutcome> {
  const result = Atomics.waitAsync(word, index, expected, timeoutMs < 0 ? Infinity : timeoutMs);
  if (!result.async) return Promise.resolve(result.value);
  // Atomics.waitAsync does not hold the event loop open by itself; a ref'd interval does until it settles. It cannot
  // be cancelled either: an abort settles our promise and lets the engine's waiter lapse at its next wake-up.
  const hold = keepAlive ? setInterval(() => {}, 1 << 30) : undefined;
  return new Promise<WaitOutcome>((resolve) => {
    const finish = (outcome: WaitOutcome) => {
      clearInterval(hold);
      stopListening();
      resolve(outcome);
    };
    const stopListening = onAbort(signal, () => finish('timed-out'));
    void result.value.then(finish);
  });
}
