// gevent.pool.Group: a set of greenlets without a limit, to join, kill or map over together.
import { Greenlet } from './greenlet.js';
import { GreenletSet } from './group-base.js';
import { kAdopt, kTryAcquire } from './internal.js';

/** gevent's Group: spawn() starts at once (no limit); add()/discard() manage membership by hand. */
export class Group extends GreenletSet {
  /** An empty group; `greenlets` are added at once. */
  constructor(greenlets: Iterable<Greenlet<unknown>> = []) {
    super(Infinity);
    for (const greenlet of greenlets) this.add(greenlet);
  }

  /** Starts `fn(...args)` as a new member. */
  spawn<A extends unknown[], R>(fn: (...args: A) => R, ...args: A): Greenlet<Awaited<R>> {
    const greenlet = new Greenlet<Awaited<R>>(fn as (...args: unknown[]) => Awaited<R>, ...args);
    this.add(greenlet);
    greenlet.start();
    return greenlet;
  }

  /** Makes a greenlet (started or not) a member until it settles or is discarded. */
  add(greenlet: Greenlet<unknown>): void {
    if (this.has(greenlet)) return;
    this[kTryAcquire]();
    this[kAdopt](greenlet);
  }

  /** Starts an existing greenlet and adds it (gevent's Group.start). */
  start(greenlet: Greenlet<unknown>): void {
    this.add(greenlet);
    greenlet.start();
  }
}
