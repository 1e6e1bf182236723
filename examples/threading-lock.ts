// Seed 004: threads and a Lock. Threads here are worker_threads and share no JS variables, so the counter lives in
// shared memory (a Value) and the Lock is passed to each thread; only one thread at a time holds it.
// Users write `from 'multiproc/threading'` and `from 'multiproc'`.
//   node --import tsx examples/threading-lock.ts
import { writeSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { isMainProcess } from '../src/index.js';
import { Value, type SharedValue } from '../src/sharedctypes/index.js';
import { Lock, Thread, currentThread } from '../src/threading/index.js';

/**
 * Python's print from a thread: a worker's console.log reaches stdout through the main thread, asynchronously and
 * separately for each thread, so lines of different threads may come out in another order than they were written.
 * Writing to the shared descriptor directly keeps the order in which things happened.
 */
function print(line: string): void {
  writeSync(1, `${line}\n`);
}

/** Seed 004's func(): announce, take the lock, add one to the shared counter, hold it a while, release. */
export async function func(lock: Lock, data: SharedValue): Promise<void> {
  const name = currentThread().name;
  print(`${name} acquire lock...`);
  if (await lock.acquire()) {
    print(`${name} get the lock.`);
    data.value = Number(data.value) + 1;
    await sleep(100);
    print(`${name} release lock...`);
    lock.release();
  }
}

if (isMainProcess()) {
  const lock = new Lock();
  const data = Value('i', 0, { lock: false });
  const threads = [1, 2, 3].map(() => new Thread({ target: func, args: [lock, data] }));
  for (const t of threads) t.start();
  for (const t of threads) await t.join();
  console.log(`data = ${data.value}`);
}
