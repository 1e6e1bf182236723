// Python's multiprocessing.Queue over a shared-memory ring: no broker process and no feeder thread on the common
// path — put() copies the item straight into the ring, get() copies it out, and sleepers are woken by futex only when
// they registered. What does not fit (a full ring) waits in this handle's outbox, flushed in the background in order.
import { checkInteger, checkOptions } from '../validate.js';
import type { HolderTable } from '../ring/holders.js';
import { Outbox, isExiting } from '../ring/outbox.js';
import { releaseHeld, trackHeld, untrackHeld, type HeldSlot } from '../ring/held-slots.js';
import { decodeValue, decodeValueAsync, encodeValue, isReused } from '../ring/codec.js';
import { loadOversize, storeOversize } from '../ring/oversize.js';
import { GET_SIGNAL, GET_WAITERS, INLINE, OVERSIZE, PUT_SIGNAL, PUT_WAITERS } from '../ring/ring-layout.js';
import { waitForSignal, waitForSignalSync } from '../ring/signal-wait.js';
import { Empty, Full, ValueError } from '../errors.js';
import { deadlineOf, isPast, normalizeTimeout, remaining, throwIfAborted, validateSignal } from '../time.js';
import { registerReducer } from '../serialize/index.js';
import { ATTACH, HOLDERS, IS_CLOSED, reduceQueue, reviveQueue, type QueueState } from './queue-handles.js';
import { SIZE } from './queue-layout.js';
import { attachQueueMemory, createQueueMemory, releaseQueueMemory, type QueueMemory } from './queue-memory.js';

/** put()/get() options, as Python's keyword arguments (timeout in ms). */
export interface BlockOptions {
  block?: boolean;
  timeout?: number | null;
  /** Ends the wait early: the call rejects (or throws) with the signal's reason and takes or leaves nothing. */
  signal?: AbortSignal;
}

/** Internal: resolves / returns when this handle has nothing buffered (SimpleQueue's put waits for it). */
export const FLUSH = Symbol('multiproc.queue.flush');
export const FLUSH_SYNC = Symbol('multiproc.queue.flushSync');


export interface QueueOptions {
  /** Ring bytes (default 1 MiB); items larger than half of it travel in side segments. */
  capacity?: number;
  [ATTACH]?: QueueState;
}

/** While items of this handle wait in its outbox, get() re-tries flushing them this often (ms). */
const OWN_OUTBOX_RETRY_MS = 20;

/** A FIFO shared by any processes and threads; maxsize <= 0 means unbounded (put never blocks then). */
export class Queue<T = unknown> {
  protected readonly memory: QueueMemory;
  /**
   * Whether close() was called here, in an object of its own: the outbox's callbacks read it, and they live as long
   * as the holder slot's release does (in the garbage-collection registry), so they must not reach the queue itself
   * — or no dropped queue would ever be collected and unlinked.
   */
  private readonly closing = { closed: false };
  private readonly outbox: Outbox;
  private readonly held: HeldSlot;

  constructor(maxsize = 0, options: QueueOptions = {}) {
    checkInteger(maxsize, 'Queue maxsize', -Infinity);
    checkOptions(options, 'Queue options', '{ capacity: 1 << 20 }');
    const attach = options[ATTACH];
    this.memory = attach === undefined ? createQueueMemory(Math.max(0, maxsize), options.capacity) : attachQueueMemory(attach.buffer);
    const { holders, ring } = this.memory;
    const slot = attach === undefined ? holders.claim() : holders.claimInFlight(attach.slot, attach.pid);
    const closing = this.closing;
    const outbox = new Outbox(ring, (deep) => {
      if (deep) holders.reclaimDead();
      return (closing.closed || isExiting()) && !holders.othersHold(slot);
    });
    this.outbox = outbox;
    const memory = this.memory;
    this.held = trackHeld(this, {
      table: holders,
      slot,
      released: false,
      beforeRelease: () => (outbox.size === 0 ? null : outbox.flush()),
      afterRelease: () => releaseQueueMemory(memory),
    });
  }

  /** The queue's memory (what the reducer sends). */
  get buffer(): SharedArrayBuffer {
    return this.memory.buffer;
  }

  /** Items put and not yet taken, including items still on their way from a producer. */
  qsize(): number {
    return Atomics.load(this.memory.words, SIZE);
  }

  /** Whether no item can be taken right now. */
  empty(): boolean {
    return !this.memory.ring.hasData() && this.outbox.size === 0;
  }

  /** Whether a bounded queue holds maxsize items. */
  full(): boolean {
    return this.memory.maxsize > 0 && this.qsize() >= this.memory.maxsize;
  }

  /** Puts an item, waiting for room in a bounded queue (`Full` after `timeout` ms or at once with `block: false`). */
  async put(obj: T, options: BlockOptions = {}): Promise<void> {
    const signal = validateSignal(options.signal);
    throwIfAborted(signal);
    this.checkOpen();
    let bytes = encodeValue(obj, 'obj');
    if (!this.tryReserve()) {
      if (options.block === false) throw new Full();
      if (isReused(bytes)) bytes = Uint8Array.prototype.slice.call(bytes);
      const { words } = this.memory.ring;
      const ready = () => this.isClosed || this.reserveFlushing();
      if (!(await waitForSignal(words, PUT_WAITERS, PUT_SIGNAL, ready, normalizeTimeout(options.timeout), { signal }))) throw new Full();
      this.checkOpen();
    }
    this.enqueue(bytes);
  }

  /**
   * put() that blocks the calling thread. On a bounded queue it also waits (within `timeout`) until the item is in the
   * shared ring, not only counted: the thread may not yield for a long time, and nobody else can deliver what waits
   * in this handle's outbox.
   */
  putSync(obj: T, options: BlockOptions = {}): void {
    throwIfAborted(validateSignal(options.signal));
    this.checkOpen();
    const bytes = encodeValue(obj, 'obj');
    const deadline = deadlineOf(options.timeout);
    if (!this.tryReserve()) {
      if (options.block === false) throw new Full();
      const { words } = this.memory.ring;
      const ready = () => this.isClosed || this.reserveFlushing();
      if (!waitForSignalSync(words, PUT_WAITERS, PUT_SIGNAL, ready, remaining(deadline))) throw new Full();
      this.checkOpen();
    }
    this.enqueue(bytes);
    if (this.memory.maxsize > 0 && options.block !== false && this.outbox.size > 0) this.outbox.flushSync(remaining(deadline));
  }

  /** Puts without waiting; `Full` when a bounded queue has no room. */
  putNowait(obj: T): void {
    this.putSync(obj, { block: false });
  }

  /** Takes the oldest item, waiting for one (`Empty` after `timeout` ms or at once with `block: false`). */
  async get(options: BlockOptions = {}): Promise<T> {
    const signal = validateSignal(options.signal);
    throwIfAborted(signal);
    this.checkOpen();
    const deadline = deadlineOf(options.timeout);
    for (;;) {
      const message = this.take();
      if (message !== null) return decodeValueAsync(message) as T | Promise<T>;
      if (options.block === false || isPast(deadline)) throw new Empty();
      await waitForSignal(this.memory.ring.words, GET_WAITERS, GET_SIGNAL, () => this.readyToTake(), remaining(deadline), { ...this.ownOutboxRetry(), signal });
      this.checkOpen();
    }
  }

  /** get() that blocks the calling thread. */
  getSync(options: BlockOptions = {}): T {
    throwIfAborted(validateSignal(options.signal));
    this.checkOpen();
    const deadline = deadlineOf(options.timeout);
    for (;;) {
      const message = this.take();
      if (message !== null) return decodeValue(message) as T;
      if (options.block === false || isPast(deadline)) throw new Empty();
      waitForSignalSync(this.memory.ring.words, GET_WAITERS, GET_SIGNAL, () => this.readyToTake(), remaining(deadline), this.ownOutboxRetry());
      this.checkOpen();
    }
  }

  /** Takes an item without waiting; `Empty` when there is none. */
  getNowait(): T {
    return this.getSync({ block: false });
  }

  /** This process will use the queue no more: further calls here fail; items it buffered are still delivered. */
  close(): void {
    if (this.isClosed) return;
    this.closing.closed = true;
    untrackHeld(this.held);
    releaseHeld(this.held);
    this.memory.ring.wakeAll();
  }

  /** After close(): resolves when everything this process put is in the shared ring (Python's join_thread). */
  async joinThread(): Promise<void> {
    if (!this.isClosed) throw new ValueError('Queue.joinThread() called before close()');
    await this.outbox.flush();
  }

  /** Do not wait for buffered items when this process exits (they may be lost), as Python's cancel_join_thread. */
  cancelJoinThread(): void {
    this.outbox.keepAlive = false;
  }

  protected get isClosed(): boolean {
    return this.closing.closed;
  }

  get [HOLDERS](): HolderTable {
    return this.memory.holders;
  }

  get [IS_CLOSED](): boolean {
    return this.isClosed;
  }

  [FLUSH](): Promise<void> {
    return this.outbox.flush();
  }

  [FLUSH_SYNC](): void {
    this.outbox.flushSync();
  }

  toString(): string {
    return `${this.constructor.name}(maxsize=${this.memory.maxsize})`;
  }

  /** Hook for JoinableQueue: runs once per item, after its slot is reserved and before it becomes visible. */
  protected onPut(): void {}

  protected checkOpen(): void {
    if (this.isClosed) throw new ValueError(`${this} is closed`);
  }

  private tryReserve(): boolean {
    const { words, maxsize } = this.memory;
    if (maxsize <= 0) {
      Atomics.add(words, SIZE, 1);
      return true;
    }
    for (;;) {
      const size = Atomics.load(words, SIZE);
      if (size >= maxsize) return false;
      if (Atomics.compareExchange(words, SIZE, size, size + 1) === size) return true;
    }
  }

  /**
   * tryReserve() for a put that waits: the items this handle buffered are counted already, and the consumers whose
   * gets would make room may be waiting for exactly those, so they are written first, as far as they fit.
   */
  private reserveFlushing(): boolean {
    if (this.outbox.size > 0) this.outbox.writeSome();
    return this.tryReserve();
  }

    private enqueue(bytes: Uint8Array): void {
    this.onPut();
    if (bytes.length > this.memory.ring.inlineLimit) this.outbox.push(OVERSIZE, storeOversize(bytes), true);
    else this.outbox.push(INLINE, bytes, !isReused(bytes));
  }

  private take(): Buffer | null {
    const { ring, words } = this.memory;
    const record = ring.tryRead();
    if (record === null) return null;
    const kind = ring.lastKind;
    Atomics.sub(words, SIZE, 1);
    ring.notifyProducers();
    return kind === OVERSIZE ? loadOversize(record) : record;
  }

  private readyToTake(): boolean {
    return this.memory.ring.hasData() || this.isClosed || (this.outbox.size > 0 && this.outbox.writeSome());
  }

  /** Items this handle buffered may be the ones a get() here waits for: keep flushing them while waiting. */
  private ownOutboxRetry() {
    return this.outbox.size === 0 ? {} : { sliceMs: OWN_OUTBOX_RETRY_MS, onSlice: () => (this.outbox.writeSome(), this.memory.ring.hasData()) };
  }
}

registerReducer<Queue<unknown>, QueueState>({
  tag: 'multiproc.Queue',
  type: Queue,
  reduce: reduceQueue,
  revive: (state) => reviveQueue((options) => new Queue(0, options), state),
});
