// Seeds 002 and 003: processes racing for one resource (here: the screen). With a Lock passed to each child, only
// one at a time runs its critical section, so each "running" line is followed by its own "done" line.
// Users write `from 'multiproc'`.
//   node --import tsx examples/lock-serial-output.ts
import { setTimeout as sleep } from 'node:timers/promises';
import { Process, isMainProcess } from '../src/index.js';
import { Lock } from '../src/sync/index.js';

/** Seed 002's work(lock, n): the two prints must not interleave with another child's. */
export async function work(lock: Lock, n: number): Promise<void> {
  await lock.acquire();
  try {
    console.log(`${n}: ${process.pid} is running`);
    await sleep(100);
    console.log(`${n}: ${process.pid} is done`);
  } finally {
    lock.release();
  }
}

/** The same with Python's `with lock:` spelled `using`: leaving the block releases the lock. */
export async function workWithUsing(lock: Lock, n: number): Promise<void> {
  using _held = await lock.hold();
  console.log(`${n}: ${process.pid} is running`);
  await sleep(100);
  console.log(`${n}: ${process.pid} is done`);
}

if (isMainProcess()) {
  const lock = new Lock();
  const children = [0, 1, 2].map((n) => new Process({ target: n === 2 ? workWithUsing : work, args: [lock, n] }));
  for (const p of children) p.start();
  for (const p of children) await p.join();
  console.log(`all done; lock free again: ${!lock.locked()}`);
}
