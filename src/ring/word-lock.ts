// A cross-process mutex on one shared word (0 free, 1 held, 2 held with sleepers), Drepper's futex mutex. Ring locks
// are held only for a memcpy, so even async callers take them synchronously: a short spin, then a futex sleep.
import { waitSync, wake } from '../shm/futex.js';

const SPINS = 64;

/** Takes the lock at `words[index]`, blocking the thread for at most the holder's copy time. */
export function lockWord(words: Int32Array, index: number): void {
  if (Atomics.compareExchange(words, index, 0, 1) === 0) return;
  for (let i = 0; i < SPINS; i++) {
    if (Atomics.load(words, index) === 0 && Atomics.compareExchange(words, index, 0, 1) === 0) return;
  }
  while (Atomics.exchange(words, index, 2) !== 0) waitSync(words, index, 2, -1);
}

/** Takes the lock if it is free now; false when someone holds it. */
export function tryLockWord(words: Int32Array, index: number): boolean {
  return Atomics.compareExchange(words, index, 0, 1) === 0;
}

/** Releases the lock, waking one sleeper if any registered. */
export function unlockWord(words: Int32Array, index: number): void {
  if (Atomics.exchange(words, index, 0) === 2) wake(words, index, 1);
}
