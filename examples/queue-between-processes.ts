// Seeds 002, 003 and 004: a Queue passed to children carries messages between processes — a child puts, the
// parent gets; a writer child and a reader child talk through it. Users write `from 'multiproc'`.
//   node --import tsx examples/queue-between-processes.ts
import { setTimeout as sleep } from 'node:timers/promises';
import { Process, isMainProcess } from '../src/index.js';
import { Queue } from '../src/queues/index.js';

/** Seed 002's f(q): puts one list into the queue. */
export async function f(q: Queue<unknown[]>): Promise<void> {
  await q.put([new Date().toTimeString().slice(0, 8), 'from Eva', 'hello']);
}

/** Seed 003's zx(q): puts a greeting every 100 ms (three times here instead of forever). */
export async function greeter(q: Queue<string>): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await sleep(100);
    await q.put(`welcome, guest ${i}`);
  }
}

/** Seed 004's writer_proc. */
export async function writerProc(q: Queue<number>): Promise<void> {
  await q.put(100);
}

/** Seed 004's reader_proc: waits for the writer's value. */
export async function readerProc(q: Queue<number>): Promise<void> {
  console.log(`reader got ${await q.get()}`);
}

if (isMainProcess()) {
  const q = new Queue<unknown[]>();
  const p = new Process({ target: f, args: [q] });
  p.start();
  const [, from, message] = await q.get();
  console.log(`parent got [time, ${from}, ${message}]`);
  await p.join();

  const greetings = new Queue<string>(3);
  const g = new Process({ target: greeter, args: [greetings] });
  g.start();
  for (let i = 0; i < 3; i++) console.log(await greetings.get());
  await g.join();

  const numbers = new Queue<number>();
  const reader = new Process({ target: readerProc, args: [numbers] });
  const writer = new Process({ target: writerProc, args: [numbers] });
  reader.start();
  writer.start();
  await reader.join();
  await writer.join();
}
