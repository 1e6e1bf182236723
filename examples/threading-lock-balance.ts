// Seed 004: two threads change one bank balance 100,000 times each, taking a Lock around every change, so no update
// is lost. Threads here are worker_threads and share no JS variables: the balance lives in shared memory (a RawValue)
// and the Lock (also shared memory) is passed to each thread. Users write `from 'multiproc/threading'` and
// `from 'multiproc'`.
//   node --import tsx examples/threading-lock-balance.ts
import { isMainProcess } from '../src/index.js';
import { RawValue, type SharedValue } from '../src/sharedctypes/index.js';
import { Lock, Thread, currentThread } from '../src/threading/index.js';

/** Seed 004's change_it(n): add n, then take it away; a lost update between the two would leave the total off. */
function changeIt(balance: SharedValue<'q'>, n: bigint): void {
  balance.value = balance.value + n;
  balance.value = balance.value - n;
  balance.value = balance.value + n;
}

/** Seed 004's run_thread(n): 100k changes, each under the lock (Python's acquire / try / finally release). */
export function runThread(lock: Lock, balance: SharedValue<'q'>, n: number): void {
  for (let i = 0; i < 100_000; i++) {
    lock.acquireSync();
    try {
      changeIt(balance, BigInt(n));
    } finally {
      lock.release();
    }
  }
  console.log(`${currentThread().name} done`);
}

if (isMainProcess()) {
  const lock = new Lock();
  const balance = RawValue('q', 0);
  const t1 = new Thread({ target: runThread, args: [lock, balance, 5] });
  const t2 = new Thread({ target: runThread, args: [lock, balance, 8] });
  t1.start();
  t2.start();
  await t1.join();
  await t2.join();
  console.log(`balance = ${balance.value} (expected ${100_000 * 5 + 100_000 * 8})`);
}
