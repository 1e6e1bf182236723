// The mutex under Lock, RLock and Barrier: four Int32 words of shared memory.
//   [STATE] 0 free, 1 held, 2 held and someone may sleep on it (Drepper's "futexes are tricky" mutex 2)
//   [OWNER_PID], [OWNER_TID] who holds it (0, 0 when free); written by the holder only, read by waiters
//   [COUNT] RLock's recursion depth (unused by Lock)
// Waiters sleep on STATE while it is 2; release sets 0 and wakes one sleeper if it saw 2. A sleeper wakes every
// SLICE_MS to check that the holder's process is alive; if it died, the sleeper takes the lock over.
import { emitWarning } from 'node:process';
import { wake } from '../shm/futex.js';
import { processAlive, selfPid, SELF_TID } from './identity.js';
import { deadlineAfter, remaining, shorter } from '../time.js';
import type { Steps } from './steps.js';

export const STATE = 0;
export const OWNER_PID = 1;
export const OWNER_TID = 2;
export const COUNT = 3;
/** Words in a mutex block. */
export const MUTEX_WORDS = 4;

const FREE = 0;
const HELD = 1;
const CONTENDED = 2;

/** How often a sleeping acquirer checks that the holder still lives. */
export const SLICE_MS = 250;

/**
 * Spins before sleeping: a holder in another process usually keeps a mutex for nanoseconds, far less than a futex
 * sleep and wake cost (microseconds), so a waiter that watches the word briefly takes it without any system call.
 */
const SPINS = 200;

function own(words: Int32Array): void {
  // Plain stores: only this holder writes them, and the atomic on STATE orders them for everyone else.
  words[OWNER_PID] = selfPid();
  words[OWNER_TID] = SELF_TID;
}

/** Takes the mutex if it is free; never waits. */
export function tryLock(words: Int32Array): boolean {
  if (Atomics.compareExchange(words, STATE, FREE, HELD) !== FREE) return false;
  own(words);
  return true;
}

/** Takes over a mutex whose holder's process died; true when this caller now holds it. */
function takeOverFromDead(words: Int32Array): boolean {
  const holder = Atomics.load(words, OWNER_PID);
  if (holder === 0 || holder === selfPid() || processAlive(holder)) return false;
  if (Atomics.compareExchange(words, OWNER_PID, holder, selfPid()) !== holder) return false;
  words[OWNER_TID] = SELF_TID;
  Atomics.store(words, STATE, CONTENDED); // others may sleep on it: our release must wake one
  emitWarning(`process ${holder} died holding a lock; process ${selfPid()} took it over`, { code: 'MULTIPROC_LOCK_RECOVERED' });
  return true;
}

/** Watches a held mutex for a few hundred rounds and takes it if it frees up; never sleeps. */
export function spinLock(words: Int32Array): boolean {
  for (let spin = 0; spin < SPINS; spin++) {
    if (Atomics.load(words, STATE) === FREE && tryLock(words)) return true;
  }
  return false;
}

/** The slow path of acquiring: returns false when `timeoutMs` (-1: forever) passes first; throws when `signal` aborts. */
export function* lockSteps(words: Int32Array, timeoutMs: number, signal?: AbortSignal): Steps<boolean> {
  if (tryLock(words)) return true;
  if (timeoutMs === 0) return false;
  if (spinLock(words)) return true;
  const deadline = deadlineAfter(timeoutMs);
  for (;;) {
    // Marking the word contended before sleeping is what makes the holder's release wake us.
    if (Atomics.exchange(words, STATE, CONTENDED) === FREE) {
      own(words);
      return true;
    }
    const left = remaining(deadline);
    if (left === 0) return false;
    let outcome;
    try {
      outcome = yield { word: words, index: STATE, expected: CONTENDED, timeoutMs: shorter(left, SLICE_MS), signal };
    } catch (aborted) {
      // A release may have chosen this sleeper to wake: pass the wake-up on so that no other sleeper waits a slice.
      wake(words, STATE, 1);
      throw aborted;
    }
    if (outcome === 'timed-out' && takeOverFromDead(words)) return true;
  }
}

/** Releases the mutex (the caller checked that it may) and wakes one sleeper if there may be one. */
export function unlock(words: Int32Array): void {
  words[OWNER_PID] = 0;
  words[OWNER_TID] = 0;
  if (Atomics.exchange(words, STATE, FREE) === CONTENDED) wake(words, STATE, 1);
}

/** Whether this thread holds the mutex. */
export function heldByMe(words: Int32Array): boolean {
  // Plain reads suffice for the owner words: only a holder writes them, and a thread always sees its own writes.
  return words[OWNER_PID] === selfPid() && words[OWNER_TID] === SELF_TID && Atomics.load(words, STATE) !== FREE;
}

/** Whether anyone holds it. */
export function isLocked(words: Int32Array): boolean {
  return Atomics.load(words, STATE) !== FREE;
}
