// What Condition needs from the lock it waits with, kept off the public surface: whether this thread holds it,
// and how to let it go entirely (RLock: every level) and take it back at the same depth.
import type { Steps } from './steps.js';

export const HELD_BY_ME = Symbol('multiproc.heldByMe');
export const RELEASE_ALL = Symbol('multiproc.releaseAll');
export const RESTORE_STEPS = Symbol('multiproc.restoreSteps');

export interface ConditionLock {
  [HELD_BY_ME](): boolean;
  /** Releases completely; returns what RESTORE_STEPS needs to take it back as it was. */
  [RELEASE_ALL](): number;
  /** Re-acquires (waiting as long as it takes) and restores the depth returned by RELEASE_ALL. */
  [RESTORE_STEPS](saved: number): Steps<void>;
}

/** Gives an object revived from shared memory its class without running the constructor (which allocates). */
export function reviveAs<T extends object>(cls: abstract new (...args: any[]) => T, fields: Record<string, unknown>): T {
  return Object.assign(Object.create(cls.prototype as object) as T, fields);
}

/** Checks that revived state really holds words of shared memory. */
export function wordsOf(state: { w?: unknown }, what: string, length: number): Int32Array {
  if (!(state.w instanceof Int32Array) || state.w.length !== length) throw new TypeError(`received a ${what} without its shared words`);
  return state.w;
}
