// Time and cancellation in one place: Python's timeout rules in milliseconds, deadlines on one monotonic clock with
// one value for "forever", and a timer race that an AbortSignal can end early. Every wait in the package measures
// time and honours `signal` through here, so that they all answer the same way. Imports only the argument validator.
import { checkTimeout } from './validate.js';

/** A normalised timeout that never ends (the futex convention: -1). */
export const FOREVER = -1;

/** A point in time on the monotonic clock (performance.now() milliseconds); NEVER for a wait without end. */
export type Deadline = number;
export const NEVER: Deadline = Infinity;

/**
 * SPEC convention 3 in the futex convention: milliseconds; undefined, null or Infinity wait forever (FOREVER); a
 * negative timeout means 0; NaN or anything but a number is a TypeError (the argument validator's, named `what`).
 */
export function normalizeTimeout(timeout: unknown, what = 'timeout'): number {
  return checkTimeout(timeout, what) ?? FOREVER;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return typeof value;
}

/** The deadline of a normalised timeout (FOREVER → NEVER). */
export function deadlineAfter(timeoutMs: number): Deadline {
  return timeoutMs < 0 ? NEVER : performance.now() + timeoutMs;
}

/** The deadline of a user's timeout, normalised first (so it throws TypeError on a bad one). */
export function deadlineOf(timeout: unknown): Deadline {
  return deadlineAfter(normalizeTimeout(timeout));
}

/** Milliseconds left before `deadline`: FOREVER when there is none, else >= 0. */
export function remaining(deadline: Deadline): number {
  return deadline === NEVER ? FOREVER : Math.max(0, deadline - performance.now());
}

/** Whether `deadline` has passed. */
export function isPast(deadline: Deadline): boolean {
  return deadline !== NEVER && performance.now() >= deadline;
}

/** The shorter of two normalised timeouts. */
export function shorter(a: number, b: number): number {
  if (a < 0) return b;
  if (b < 0) return a;
  return Math.min(a, b);
}

/** `signal` checked at the door: an AbortSignal or undefined, else a TypeError naming what to pass. */
export function validateSignal(signal: unknown): AbortSignal | undefined {
  if (signal === undefined || signal === null) return undefined;
  if (!(signal instanceof AbortSignal)) throw new TypeError(`signal must be an AbortSignal (from an AbortController or AbortSignal.timeout()), got ${describe(signal)}`);
  return signal;
}

/** What an aborted wait rejects with: the signal's reason, which Node sets to an AbortError DOMException by default. */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

/** Throws the abort reason when `signal` is already aborted. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw abortReason(signal);
}

/**
 * Runs `onAborted` once when `signal` aborts; returns the undo, which every waiter calls when its wait ends so that
 * one long-lived signal shared by many waits never accumulates listeners.
 */
export function onAbort(signal: AbortSignal | undefined, onAborted: (reason: unknown) => void): () => void {
  if (signal === undefined) return () => {};
  if (signal.aborted) {
    onAborted(abortReason(signal));
    return () => {};
  }
  const listener = () => onAborted(abortReason(signal));
  signal.addEventListener('abort', listener, { once: true });
  return () => signal.removeEventListener('abort', listener);
}

/** What raceTimeout resolves with when the time ran out first. */
export const TIMED_OUT: unique symbol = Symbol('timed out');

export interface RaceOptions {
  /** Ends the race early: it rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Whether the timer alone keeps the process alive (default true, as a pending wait should). */
  keepAlive?: boolean;
}

/**
 * Settles as `promise` does, or resolves TIMED_OUT after `timeoutMs` (FOREVER: no timer), or rejects with the abort
 * reason when `signal` aborts first. The timer and the abort listener are gone once it settles.
 */
export function raceTimeout<T>(promise: PromiseLike<T>, timeoutMs: number, options: RaceOptions = {}): Promise<T | typeof TIMED_OUT> {
  const { signal } = options;
  if (signal?.aborted === true) return Promise.reject(abortReason(signal));
  if (timeoutMs < 0 && signal === undefined) return Promise.resolve(promise);
  return new Promise<T | typeof TIMED_OUT>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const finish = () => {
      clearTimeout(timer);
      stopListening();
    };
    const stopListening = onAbort(signal, (reason) => {
      finish();
      reject(reason);
    });
    if (timeoutMs >= 0) {
      timer = setTimeout(() => {
        finish();
        resolve(TIMED_OUT);
      }, timeoutMs);
      if (options.keepAlive === false) timer.unref();
    }
    promise.then(
      (value) => {
        finish();
        resolve(value);
      },
      (error: unknown) => {
        finish();
        reject(error);
      },
    );
  });
}

/** The options form of a wait whose only other parameter is a timeout: `wait({ timeout, signal })`. */
export interface WaitOptions {
  /** Milliseconds; undefined or null waits forever, negative means 0. */
  timeout?: number | null;
  /** Ends the wait early: it rejects with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * Reads a wait's one optional parameter, positional (`wait(timeout)`, SPEC convention 2) or as options once a signal
 * joins it (`wait({ timeout, signal })`); the signal is checked to be an AbortSignal, the timeout is left as given.
 */
export function waitArguments(timeoutOrOptions: number | null | undefined | WaitOptions): WaitOptions {
  if (timeoutOrOptions === null || timeoutOrOptions === undefined || typeof timeoutOrOptions !== 'object') return { timeout: timeoutOrOptions };
  return { timeout: timeoutOrOptions.timeout, signal: validateSignal(timeoutOrOptions.signal) };
}
