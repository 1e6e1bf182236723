// What a producer could not write yet: records wait here, in order, and a background flush (Python's feeder thread,
// as an async loop) writes them when space frees up. Nothing buffered is lost when a process ends normally: the flush
// keeps the event loop alive, the process layer awaits flushAllOutboxes() before a child exits, and an 'exit'
// handler flushes synchronously after process.exit().
import { beforeChildExit } from '../lifecycle.js';
import type { ByteRing } from './byte-ring.js';
import { PUT_SIGNAL, PUT_WAITERS } from './ring-layout.js';
import { waitForSignal, waitForSignalSync } from './signal-wait.js';

/** How often a waiting flush re-checks that somebody can still read (ms). */
const READER_CHECK_MS = 200;

const active = new Set<Outbox>();
let exiting = false;

/** True once this thread is on its way out: what only this thread could still read will never be read. */
export function isExiting(): boolean {
  return exiting;
}

/** Ordered records of one producer handle that did not fit in its ring yet. */
export class Outbox {
  /** False after cancelJoinThread(): the flush neither keeps the process alive nor delays its exit. */
  keepAlive = true;
  /** Payload bytes buffered. */
  bytes = 0;
  private readonly kinds: number[] = [];
  private readonly items: Uint8Array[] = [];
  private first = 0;
  private flushing: Promise<void> | null = null;
  private looping = false;

  constructor(
    private readonly ring: ByteRing,
    /** Whether nobody can ever read what is buffered; `deep` also forgets holders that died (slow path only). */
    private readonly readerGone: (deep: boolean) => boolean = () => false,
  ) {}

  /** Records still buffered. */
  get size(): number {
    return this.items.length - this.first;
  }

  /**
   * Writes the record now when it fits and nothing is queued before it — records queued earlier are first written
   * here, synchronously, as far as they fit, so that a producer that never yields still makes progress; otherwise
   * queues it (copied unless `owned`).
   */
  push(kind: number, payload: Uint8Array, owned: boolean): void {
    if ((this.size === 0 || this.writeSome()) && this.ring.tryWrite(kind, payload)) return;
    this.kinds.push(kind);
    this.items.push(owned ? payload : Uint8Array.prototype.slice.call(payload));
    this.bytes += payload.length;
    active.add(this);
    void this.flush();
  }

  /** Writes as many queued records as fit, under one lock; returns true when none is left. */
  writeSome(): boolean {
    if (this.size === 0) return true;
    const ring = this.ring;
    let wrote = 0;
    ring.lockProducer();
    try {
      while (this.first < this.items.length && ring.writeLocked(this.kinds[this.first], this.items[this.first])) {
        this.bytes -= this.items[this.first].length;
        this.items[this.first++] = EMPTY;
        wrote++;
      }
    } finally {
      ring.unlockProducer();
    }
    if (wrote > 0) ring.notifyConsumers();
    if (this.first === this.items.length) this.reset();
    else if (this.first > 1024 && this.first * 2 > this.items.length) this.compact();
    return this.size === 0;
  }

  /** Resolves when everything queued so far is in the ring (or nobody can read it any more). */
  flush(): Promise<void> {
    if (this.size === 0) return Promise.resolve();
    if (this.flushing !== null) return this.flushing;
    const loop = this.flushLoop();
    // A loop that already ended (everything fitted) must not be remembered as running.
    if (this.looping) this.flushing = loop;
    return loop;
  }

  /**
   * Blocks the thread until everything queued is in the ring (or nobody can read it any more); with `timeoutMs` >= 0,
   * at most that long. Returns whether the outbox is empty.
   */
  flushSync(timeoutMs = -1): boolean {
    const deadline = timeoutMs < 0 ? Infinity : performance.now() + timeoutMs;
    while (!this.writeSome()) {
      if (this.readerGone(false)) {
        this.reset();
        return true;
      }
      const left = deadline === Infinity ? -1 : deadline - performance.now();
      if (left !== -1 && left <= 0) return false;
      const next = this.items[this.first].length;
      waitForSignalSync(this.ring.words, PUT_WAITERS, PUT_SIGNAL, () => this.ring.fits(next) || this.readerGone(false), left, {
        sliceMs: READER_CHECK_MS,
        onSlice: () => this.readerGone(true),
      });
    }
    return true;
  }

  /** Forgets everything queued (the endpoint is gone). */
  discard(): void {
    this.reset();
  }

  /**
   * Writes until the outbox is empty. It forgets itself in the same step that finds the outbox empty: a flush() or
   * push() right after must start a new loop, never be handed this finished one, whose promise would resolve while
   * records still wait (and a closing pipe end would then give up its holder slot: end of file for its reader).
   */
  private async flushLoop(): Promise<void> {
    this.looping = true;
    try {
      while (!this.writeSome()) {
        if (this.readerGone(false)) return this.reset();
        const next = this.items[this.first].length;
        await waitForSignal(this.ring.words, PUT_WAITERS, PUT_SIGNAL, () => this.ring.fits(next) || this.readerGone(false), -1, {
          keepAlive: this.keepAlive,
          sliceMs: READER_CHECK_MS,
          onSlice: () => this.readerGone(true),
        });
      }
    } finally {
      this.looping = false;
      this.flushing = null;
    }
  }

  private reset(): void {
    this.kinds.length = 0;
    this.items.length = 0;
    this.first = 0;
    this.bytes = 0;
    active.delete(this);
  }

  private compact(): void {
    this.kinds.splice(0, this.first);
    this.items.splice(0, this.first);
    this.first = 0;
  }
}

const EMPTY = new Uint8Array(0);

/** Waits until every outbox of this thread (that was not cancelled) has written what it holds; for a child about to exit. */
export async function flushAllOutboxes(): Promise<void> {
  exiting = true;
  await Promise.all([...active].filter((outbox) => outbox.keepAlive).map((outbox) => outbox.flush()));
}

/** The blocking form, for the 'exit' event (after process.exit(), no more event loop turns). */
export function flushAllOutboxesSync(): void {
  exiting = true;
  for (const outbox of [...active]) if (outbox.keepAlive) outbox.flushSync();
}

beforeChildExit(flushAllOutboxes);
process.on('exit', flushAllOutboxesSync);
