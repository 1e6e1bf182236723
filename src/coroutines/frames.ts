// Which greenlet is running, across awaits (AsyncLocalStorage), and the interruptible waits registered in it.
import { AsyncLocalStorage } from 'node:async_hooks';
import { kInterrupts } from './internal.js';

/** A callback that aborts one pending wait with `reason`. */
export type Interrupt = (reason: unknown) => void;

/** The pending waits of a greenlet or a scoped Timeout, all aborted together by a kill or an expiry. */
export class InterruptSet {
  #interrupts: Set<Interrupt> | null = null;
  /** Set by a kill: every later wait fails at once with this reason. */
  closed = false;
  closedReason: unknown = undefined;

  add(interrupt: Interrupt): void {
    (this.#interrupts ??= new Set()).add(interrupt);
  }

  close(reason: unknown): void {
    if (this.closed) return;
    this.closed = true;
    this.closedReason = reason;
    this.fire(reason);
  }

  delete(interrupt: Interrupt): void {
    this.#interrupts?.delete(interrupt);
  }

  fire(reason: unknown): void {
    const interrupts = this.#interrupts;
    if (interrupts === null || interrupts.size === 0) return;
    this.#interrupts = null;
    for (const interrupt of interrupts) interrupt(reason);
  }
}

/** Something whose waits can be interrupted: a greenlet (by kill) or a Timeout (by expiry). */
export interface Interruptible {
  readonly [kInterrupts]: InterruptSet;
}

/** What withTimeout() runs its function in: the enclosing greenlet plus one more Timeout to honour. */
export class ScopeFrame {
  constructor(readonly greenlet: Interruptible, readonly timeout: Interruptible, readonly parent: Frame) {}
}

/** A greenlet is its own frame; withTimeout() adds a ScopeFrame on top of it. */
export type Frame = Interruptible | ScopeFrame;

/** The store behind getcurrent(): propagated by Node across awaits, timers and callbacks. */
export const frameStorage = new AsyncLocalStorage<Frame>();

let mainFrame: Interruptible | undefined;

/** Called once by greenlet.ts: the pseudo-greenlet that code outside any greenlet runs in. */
export function setMainFrame(frame: Interruptible): void {
  mainFrame = frame;
}

/** The frame the calling code runs in. */
export function currentFrame(): Frame {
  return frameStorage.getStore() ?? (mainFrame as Interruptible);
}

/** The greenlet (or the main pseudo-greenlet) a frame belongs to. */
export function greenletOfFrame(frame: Frame): Interruptible {
  return frame instanceof ScopeFrame ? frame.greenlet : frame;
}

/** Registers a wait so that a kill of the current greenlet or an enclosing Timeout aborts it; returns the undo. */
export function registerInterrupt(frame: Frame, interrupt: Interrupt): () => void {
  if (!(frame instanceof ScopeFrame)) {
    const set = frame[kInterrupts];
    if (set.closed) {
      interrupt(set.closedReason);
      return noop;
    }
    set.add(interrupt);
    return () => set.delete(interrupt);
  }
  const sets: InterruptSet[] = [];
  let cursor: Frame = frame;
  while (cursor instanceof ScopeFrame) {
    sets.push(cursor.timeout[kInterrupts]);
    cursor = cursor.parent;
  }
  sets.push(cursor[kInterrupts]);
  for (const set of sets) {
    if (set.closed) {
      interrupt(set.closedReason);
      return noop;
    }
  }
  for (const set of sets) set.add(interrupt);
  return () => {
    for (const set of sets) set.delete(interrupt);
  };
}

function noop(): void {}
