// Seed 002: JoinableQueue. Consumers call taskDone() for every item; a producer's join() waits until all its
// items were processed. The consumers are daemons: once the producers are done they are no longer needed
// and end with the parent. Users write `from 'multiproc'`.
//   node --import tsx examples/joinable-queue.ts
import { setTimeout as sleep } from 'node:timers/promises';
import { Process, isMainProcess } from '../src/index.js';
import { JoinableQueue } from '../src/queues/index.js';

/** An eater that never stops by itself: takes an item, eats it, reports it done. */
export async function consumer(q: JoinableQueue<string>): Promise<void> {
  for (;;) {
    const food = await q.get();
    await sleep(30);
    console.log(`${process.pid} ate ${food}`);
    q.taskDone();
  }
}

/** A cook: puts three dishes, then waits until every item in the queue has been eaten. */
export async function producer(name: string, q: JoinableQueue<string>): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await sleep(20);
    await q.put(`${name} ${i}`);
    console.log(`${process.pid} made ${name} ${i}`);
  }
  await q.join();
}

if (isMainProcess()) {
  const q = new JoinableQueue<string>();
  const producers = ['bun', 'bone', 'soup'].map((name) => new Process({ target: producer, args: [name, q] }));
  const consumers = [1, 2].map(() => new Process({ target: consumer, args: [q], daemon: true }));
  for (const p of [...producers, ...consumers]) p.start();
  for (const p of producers) await p.join();
  console.log('main: all 9 dishes made and eaten');
}
