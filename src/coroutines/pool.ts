// gevent.pool.Pool: a Group that lets at most `size` greenlets run at once.
import { ValueError } from '../errors.js';
import { Greenlet } from './greenlet.js';
import { GreenletSet } from './group-base.js';
import { kAdopt, kDequeue, kEnqueue, kLink, kRelease, kTryAcquire, kUnlink, type SlotWaiter } from './internal.js';
import { normalizeTimeout, waitFor } from './wait.js';

/**
 * gevent's Pool. spawn() returns the greenlet at once (a greenlet is awaitable, so no Promise can carry one);
 * it starts when a slot frees, first come first served. For gevent's blocking spawn, `await pool.waitAvailable()`.
 */
export class Pool extends GreenletSet {
  /** `size` greenlets at most; undefined/null/Infinity means no limit, as in gevent. */
  constructor(size?: number | null) {
    const limit = size ?? Infinity;
    if (limit !== Infinity && (!Number.isInteger(limit) || limit < 1)) {
      throw new ValueError(`size must be a positive integer or Infinity, got ${String(size)}`);
    }
    super(limit);
  }

  /** Creates `fn(...args)` as a member-to-be: it starts as soon as a slot is free (at once if one is). */
  spawn<A extends unknown[], R>(fn: (...args: A) => R, ...args: A): Greenlet<Awaited<R>> {
    const greenlet = new Greenlet<Awaited<R>>(fn as (...args: unknown[]) => Awaited<R>, ...args);
    this.#enter(greenlet, true);
    return greenlet;
  }

  /** Makes the greenlet a member once a slot is free; resolves then (gevent's Pool.add). */
  add(greenlet: Greenlet<unknown>): Promise<void> {
    if (this.has(greenlet)) return Promise.resolve();
    return this.#enter(greenlet, false);
  }

  /** Starts the greenlet as a member once a slot is free (gevent's Pool.start). */
  start(greenlet: Greenlet<unknown>): Promise<void> {
    if (this.has(greenlet)) return Promise.resolve();
    return this.#enter(greenlet, true);
  }

  /**
   * Resolves with freeCount() once a slot is free and every earlier waiter has had its turn (or after `timeout` ms):
   * `await pool.waitAvailable(); pool.spawn(...)` is gevent's blocking spawn.
   */
  async waitAvailable(timeout?: number | null): Promise<number> {
    if (!this.full()) return this.freeCount();
    await waitFor((wake) => {
      const waiter: SlotWaiter = {
        grant: () => {
          this[kRelease]();
          wake();
        },
        cancel: wake,
      };
      this[kEnqueue](waiter);
      return () => this[kDequeue](waiter);
    }, normalizeTimeout(timeout));
    return this.freeCount();
  }

  #enter(greenlet: Greenlet<unknown>, start: boolean): Promise<void> {
    if (this[kTryAcquire]()) {
      this[kAdopt](greenlet);
      if (start) greenlet.start();
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const onKilledWhileQueued = (): void => {
        this[kDequeue](waiter);
        resolve();
      };
      const waiter: SlotWaiter = {
        grant: () => {
          greenlet[kUnlink](onKilledWhileQueued);
          this[kAdopt](greenlet);
          if (start) greenlet.start();
          resolve();
        },
        cancel: (reason) => {
          greenlet[kUnlink](onKilledWhileQueued);
          void greenlet.kill({ exception: reason, block: false });
          resolve();
        },
      };
      this[kEnqueue](waiter);
      greenlet[kLink](onKilledWhileQueued);
    });
  }
}
