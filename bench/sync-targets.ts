// Child targets of bench/sync.ts (exported so that child processes can import them without running the bench).
// Loaded for their reducers, so that the objects the bench sends revive here.
import '../src/sync/index.js';
import '../src/sharedctypes/index.js';
import type { SynchronizedValue } from '../src/sharedctypes/index.js';
import type { Barrier, Lock, Semaphore } from '../src/sync/index.js';

/** Waits for the start, increments `times` times under the value's lock, signals the end. */
export function incrementValue(value: SynchronizedValue<'i'>, times: number, start: Barrier, done: Semaphore): void {
  const lock = value.getLock();
  start.waitSync(60_000);
  for (let i = 0; i < times; i++) {
    lock.acquireSync();
    value.value += 1;
    lock.release();
  }
  done.release();
}

/** Waits for the start, takes and releases the lock `times` times, signals the end. */
export function hammerLock(lock: Lock, times: number, start: Barrier, done: Semaphore): void {
  start.waitSync(60_000);
  for (let i = 0; i < times; i++) {
    lock.acquireSync();
    lock.release();
  }
  done.release();
}
