// What gevent's Group and Pool share: a set of greenlets, slot accounting (unlimited for a Group), joining,
// killing, and map/imap/imapUnordered/apply over the members.
import { abortReason, waitArguments, type WaitOptions } from '../time.js';
import { getcurrent } from './current.js';
import { GreenletExit } from './errors.js';
import { Greenlet } from './greenlet.js';
import type { KillOptions } from './greenlet-options.js';
import { MapIterator, mapAll } from './imap.js';
import { kAdopt, kDequeue, kEnqueue, kLink, kRelease, kTryAcquire, kUnlink, type SlotWaiter } from './internal.js';
import type { MapInput } from './map-run.js';
import { normalizeTimeout, waitFor } from './wait.js';

/** Options of imap() and imapUnordered(). */
export interface ImapOptions {
  /** How many input items may be read ahead of the consumer (running plus finished but not yet taken). */
  maxsize?: number;
}

/** How far imap reads ahead in a Group, which has no size to scale from. */
const GROUP_READ_AHEAD = 100;

/** The common base of Group and Pool; not exported from the package (gevent's Group, minus spawn/add). */
export abstract class GreenletSet implements Iterable<Greenlet<unknown>> {
  /** The most greenlets that may run at once (Infinity for a Group). */
  readonly size: number;
  #members = new Set<Greenlet<unknown>>();
  #busy = 0;
  #waiters: SlotWaiter[] = [];
  #emptyWakers = new Set<() => void>();
  #onMemberDone = (greenlet: Greenlet<unknown>): void => this.discard(greenlet);

  protected constructor(size: number) {
    this.size = size;
  }

  /** Starts `fn(...args)` in this set (a Pool waits for a free slot first). */
  abstract spawn<A extends unknown[], R>(fn: (...args: A) => R, ...args: A): Greenlet<Awaited<R>>;

  /** How many greenlets are members now (gevent's `len(group)`). */
  get length(): number {
    return this.#members.size;
  }

  [Symbol.iterator](): IterableIterator<Greenlet<unknown>> {
    return this.#members.values();
  }

  /** True if the greenlet is a member (gevent's `greenlet in group`). */
  has(greenlet: Greenlet<unknown>): boolean {
    return this.#members.has(greenlet);
  }

  /** How many more greenlets could start now without waiting. */
  freeCount(): number {
    return Math.max(0, this.size - this.#busy);
  }

  /** True when a spawn() would have to wait. */
  full(): boolean {
    return this.freeCount() === 0;
  }

  /** Removes a member without killing it; its slot frees up. */
  discard(greenlet: Greenlet<unknown>): void {
    if (!this.#members.delete(greenlet)) return;
    greenlet[kUnlink](this.#onMemberDone);
    this[kRelease]();
  }

  /**
   * Waits until no member is left (and no spawn is waiting for a slot); false if `timeout` ms passed first.
   * `join({ timeout, signal })`: an abort rejects with the signal's reason.
   */
  join(timeoutOrOptions?: number | null | WaitOptions): Promise<boolean> {
    const { timeout, signal } = waitArguments(timeoutOrOptions);
    if (signal?.aborted === true) return Promise.reject(abortReason(signal));
    if (this.#isEmpty()) return Promise.resolve(true);
    return waitFor((wake) => {
      this.#emptyWakers.add(wake);
      return () => this.#emptyWakers.delete(wake);
    }, normalizeTimeout(timeout), signal);
  }

  /** Kills every member (and every spawn still waiting for a slot, which then never runs); see Greenlet.kill. */
  async kill(options: KillOptions = {}): Promise<void> {
    const reason = 'exception' in options ? options.exception : new GreenletExit();
    const waiters = this.#waiters.splice(0);
    for (const waiter of waiters) waiter.cancel(reason);
    const members = [...this.#members];
    await Promise.all(members.map((greenlet) => greenlet.kill({ ...options, exception: reason })));
  }

  /** Kills one member (gevent's killone); a greenlet that is not a member is left alone. */
  async killone(greenlet: Greenlet<unknown>, options: KillOptions = {}): Promise<void> {
    if (this.has(greenlet)) await greenlet.kill(options);
  }

  /** Runs `fn(...args)` in this set and gives its result; from inside a member it runs directly (no deadlock). */
  async apply<A extends unknown[], R>(fn: (...args: A) => R, args?: A): Promise<Awaited<R>> {
    const list = (args ?? []) as A;
    if (this.#members.has(getcurrent())) return await fn(...list);
    return this.spawn(fn, ...list).get();
  }

  /** Runs `fn(item)` for every item, at most `size` at once, reading input as slots free; results in input order. */
  map<T, R>(fn: (item: T) => R | PromiseLike<R>, input: MapInput<T>): Promise<R[]> {
    return mapAll(this, fn, input);
  }

  /** map() in a greenlet of its own (not a member), to join or kill it later (gevent's map_async). */
  mapAsync<T, R>(fn: (item: T) => R | PromiseLike<R>, input: MapInput<T>): Greenlet<R[]> {
    return Greenlet.spawn(() => this.map(fn, input));
  }

  /** Results in input order as they become available; input is read lazily, `maxsize` items ahead at most. */
  imap<T, R>(fn: (item: T) => R | PromiseLike<R>, input: MapInput<T>, options: ImapOptions = {}): AsyncIterableIterator<Awaited<R>> {
    return new MapIterator<Awaited<R>>(this, fn as (item: T) => Awaited<R>, input, true, this.#readAhead(options));
  }

  /** Results in the order they finish; input is read lazily, `maxsize` items ahead at most. */
  imapUnordered<T, R>(fn: (item: T) => R | PromiseLike<R>, input: MapInput<T>, options: ImapOptions = {}): AsyncIterableIterator<Awaited<R>> {
    return new MapIterator<Awaited<R>>(this, fn as (item: T) => Awaited<R>, input, false, this.#readAhead(options));
  }

  /** `await using group = new Group()` kills what is left at the end of the block. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.kill();
  }

  /** @internal */
  [kTryAcquire](): boolean {
    if (this.#busy >= this.size || this.#waiters.length > 0) return false;
    this.#busy += 1;
    return true;
  }

  /** @internal */
  [kEnqueue](waiter: SlotWaiter): void {
    this.#waiters.push(waiter);
  }

  /** @internal */
  [kDequeue](waiter: SlotWaiter): void {
    const index = this.#waiters.indexOf(waiter);
    if (index >= 0) this.#waiters.splice(index, 1);
    if (this.#isEmpty()) this.#wakeJoiners();
  }

  /** @internal */
  [kRelease](): void {
    const waiter = this.#waiters.shift();
    if (waiter !== undefined) {
      waiter.grant();
      return;
    }
    this.#busy -= 1;
    if (this.#busy === 0) this.#wakeJoiners();
  }

  /** @internal With `linked` false the caller promises to call discard() itself when the greenlet settles. */
  [kAdopt](greenlet: Greenlet<unknown>, linked = true): void {
    this.#members.add(greenlet);
    if (linked) greenlet[kLink](this.#onMemberDone);
  }

  #readAhead(options: ImapOptions): number {
    const maxsize = options.maxsize ?? (Number.isFinite(this.size) ? this.size * 2 : GROUP_READ_AHEAD);
    if (!(maxsize >= 1)) throw new RangeError(`maxsize must be at least 1, got ${maxsize}`);
    return maxsize;
  }

  #isEmpty(): boolean {
    return this.#busy === 0 && this.#members.size === 0 && this.#waiters.length === 0;
  }

  #wakeJoiners(): void {
    if (this.#emptyWakers.size === 0 || !this.#isEmpty()) return;
    for (const wake of [...this.#emptyWakers]) wake();
  }
}
