// The holder slots this thread has taken, so that they are given back however a handle ends: close(), garbage
// collection of a handle nobody closed, or the thread/process exiting (the 'exit' event) — a peer then sees end of
// file at once instead of at its next liveness check.
import { isMainThread } from 'node:worker_threads';
import type { HolderTable } from './holders.js';

export interface HeldSlot {
  table: HolderTable;
  slot: number;
  released: boolean;
  /** Runs once after the slot is given back (e.g. unlink the segment when nobody holds it any more). */
  afterRelease?: () => void;
  /** Delays the release until buffered writes are out (returns a promise), or null when there is nothing to wait for. */
  beforeRelease?: () => Promise<void> | null;
}

const open = new Set<HeldSlot>();
let processExiting = false;

/** True while the whole process (not just a worker thread) is exiting. */
export function isProcessExiting(): boolean {
  return processExiting;
}

function giveBack(held: HeldSlot): void {
  if (held.released) return;
  held.released = true;
  open.delete(held);
  held.table.release(held.slot);
  held.afterRelease?.();
}

/** Gives the slot back, after `beforeRelease` has finished if it returns a promise. */
export function releaseHeld(held: HeldSlot): void {
  if (held.released) return;
  const pending = held.beforeRelease?.() ?? null;
  if (pending === null) giveBack(held);
  else void pending.then(() => giveBack(held), () => giveBack(held));
}

const finalizer = new FinalizationRegistry<HeldSlot>(releaseHeld);

/** Starts tracking a slot taken for `owner`; it is released when `owner` is garbage collected unreleased. */
export function trackHeld(owner: object, held: HeldSlot): HeldSlot {
  open.add(held);
  finalizer.register(owner, held, held);
  return held;
}

/** Stops the garbage-collection release (the owner released explicitly). */
export function untrackHeld(held: HeldSlot): void {
  finalizer.unregister(held);
}

process.on('exit', () => {
  processExiting = isMainThread;
  for (const held of [...open]) giveBack(held);
});
