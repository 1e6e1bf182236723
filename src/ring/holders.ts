// Who holds an endpoint (a queue, one end of a pipe): a small table of process ids in shared memory. It answers
// "has every holder closed or died?" — the end of file of a pipe and the moment to unlink a segment — even when a
// holder was killed without closing. A handle sent to another process reserves a slot under the sender's pid
// (negative: in flight) so that the sender may close its own handle before the receiver has taken over.
import { isProcessAlive } from '../platform/proc.js';

/** Slots per table; past that, extra holders go untracked (they still work, but count as absent). */
export const HOLDER_SLOTS = 32;

/** The holder slots of one endpoint, at `words[base .. base + HOLDER_SLOTS)`. */
export class HolderTable {
  constructor(
    private readonly words: Int32Array,
    private readonly base: number,
  ) {}

  /** Takes a free slot for this process; -1 when the table is full even after reclaiming dead holders. */
  claim(value = process.pid): number {
    for (let attempt = 0; attempt < 2; attempt++) {
      for (let i = 0; i < HOLDER_SLOTS; i++) {
        if (Atomics.compareExchange(this.words, this.base + i, 0, value) === 0) return i;
      }
      this.reclaimDead();
    }
    return -1;
  }

  /** Reserves a slot for a copy of the handle in flight to another process (reused while unclaimed). */
  reserveInFlight(): number {
    const mark = -process.pid;
    for (let i = 0; i < HOLDER_SLOTS; i++) if (Atomics.load(this.words, this.base + i) === mark) return i;
    return this.claim(mark);
  }

  /** The receiver takes over the slot the sender reserved, or a fresh one if another receiver took it first. */
  claimInFlight(slot: number, senderPid: number): number {
    if (slot >= 0 && slot < HOLDER_SLOTS && Atomics.compareExchange(this.words, this.base + slot, -senderPid, process.pid) === -senderPid) return slot;
    return this.claim();
  }

  /** Gives back an in-flight reservation nobody needs (the receiver already held the endpoint). */
  cancelInFlight(slot: number, senderPid: number): void {
    if (slot >= 0 && slot < HOLDER_SLOTS) Atomics.compareExchange(this.words, this.base + slot, -senderPid, 0);
  }

  release(slot: number): void {
    if (slot >= 0) Atomics.store(this.words, this.base + slot, 0);
  }

  /** Cheap: whether any slot is taken (holders that died unnoticed still count; see reclaimDead). */
  anyHolder(): boolean {
    for (let i = 0; i < HOLDER_SLOTS; i++) if (Atomics.load(this.words, this.base + i) !== 0) return true;
    return false;
  }

  /**
   * Whether somebody may still use the endpoint once this process is gone: a live holder, or a copy in flight from
   * another process. Copies in flight from this process are moot then (its children do not outlive it).
   */
  heldBeyondThisProcess(): boolean {
    this.reclaimDead();
    for (let i = 0; i < HOLDER_SLOTS; i++) {
      const value = Atomics.load(this.words, this.base + i);
      if (value !== 0 && value !== -process.pid) return true;
    }
    return false;
  }

  /** Whether a slot other than `except` is taken by another process or thread. */
  othersHold(except: number): boolean {
    for (let i = 0; i < HOLDER_SLOTS; i++) if (i !== except && Atomics.load(this.words, this.base + i) !== 0) return true;
    return false;
  }

  /** Frees the slots of processes that no longer exist; returns how many it freed. */
  reclaimDead(): number {
    let freed = 0;
    for (let i = 0; i < HOLDER_SLOTS; i++) {
      const value = Atomics.load(this.words, this.base + i);
      if (value !== 0 && !isProcessAlive(Math.abs(value)) && Atomics.compareExchange(this.words, this.base + i, value, 0) === value) freed++;
    }
    return freed;
  }
}
