// gevent.spawn, gevent.spawn_later and gevent.joinall.
import { GreenletExit } from './errors.js';
import { Greenlet } from './greenlet.js';
import { normalizeTimeout, waitFor } from './wait.js';
import { throwIfAborted, validateSignal } from '../time.js';

/** Starts `fn(...args)` as a new greenlet, as soon as the calling code yields (gevent.spawn). */
export function spawn<A extends unknown[], R>(fn: (...args: A) => R, ...args: A): Greenlet<Awaited<R>> {
  return Greenlet.spawn(fn, ...args);
}

/** Starts `fn(...args)` as a new greenlet after `ms` milliseconds (gevent.spawn_later). */
export function spawnLater<A extends unknown[], R>(ms: number, fn: (...args: A) => R, ...args: A): Greenlet<Awaited<R>> {
  return Greenlet.spawnLater(ms, fn, ...args);
}

/** Options of joinall(): gevent's `timeout`, `raise_error` and `count`. */
export interface JoinallOptions {
  /** Stop waiting after this many ms (undefined/null: forever). */
  timeout?: number | null;
  /** Reject with the first error a greenlet fails with (a killed greenlet's GreenletExit does not count). */
  raiseError?: boolean;
  /** Stop once this many have finished. */
  count?: number;
  /** Stop waiting when it aborts: joinall() rejects with the signal's reason (the greenlets run on). */
  signal?: AbortSignal;
}

/**
 * Waits for the greenlets to finish (or `timeout`, or `count` of them) and resolves with those that did, in the
 * order they finished (those already finished first, in input order). Never rejects unless `raiseError`.
 */
export async function joinall<G extends Greenlet<unknown>>(greenlets: Iterable<G>, options: JoinallOptions = {}): Promise<G[]> {
  const signal = validateSignal(options.signal);
  throwIfAborted(signal);
  const all = [...greenlets];
  const wanted = Math.min(options.count ?? all.length, all.length);
  const raiseError = options.raiseError === true;
  const done: G[] = [];
  let failure: { error: unknown } | null = null;
  const take = (greenlet: G): void => {
    if (done.length >= wanted || failure !== null) return;
    if (raiseError && isFailure(greenlet)) failure = { error: greenlet.exception };
    else done.push(greenlet);
  };
  const pending: G[] = [];
  for (const greenlet of all) {
    if (greenlet.ready()) take(greenlet);
    else pending.push(greenlet);
  }
  if (done.length < wanted && failure === null && pending.length > 0) {
    await waitFor((wake) => {
      const onDone = (greenlet: G): void => {
        take(greenlet);
        if (done.length >= wanted || failure !== null) wake();
      };
      for (const greenlet of pending) greenlet.link(onDone);
      return () => {
        for (const greenlet of pending) greenlet.unlink(onDone);
      };
    }, normalizeTimeout(options.timeout), signal);
  }
  if (failure !== null) throw (failure as { error: unknown }).error;
  return done;
}

function isFailure(greenlet: Greenlet<unknown>): boolean {
  return !greenlet.successful() && !(greenlet.exception instanceof GreenletExit);
}
