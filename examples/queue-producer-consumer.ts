// Seed 002: producer and consumer decoupled by a Queue. The consumer loops on get(); it stops on a `null` end
// marker, which the parent sends once the producer has finished. Users write `from 'multiproc'`.
//   node --import tsx examples/queue-producer-consumer.ts
import { setTimeout as sleep } from 'node:timers/promises';
import { Process, isMainProcess } from '../src/index.js';
import { Queue } from '../src/queues/index.js';

/** The cook: makes three buns, 50 ms each. */
export async function producer(q: Queue<string | null>): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await sleep(50);
    const bun = `bun ${i}`;
    await q.put(bun);
    console.log(`producer ${process.pid} made ${bun}`);
  }
}

/** The eater: eats until the end marker arrives. */
export async function consumer(q: Queue<string | null>): Promise<void> {
  for (;;) {
    const bun = await q.get();
    if (bun === null) break;
    await sleep(80);
    console.log(`consumer ${process.pid} ate ${bun}`);
  }
  console.log('consumer got the end marker');
}

if (isMainProcess()) {
  const q = new Queue<string | null>();
  const p1 = new Process({ target: producer, args: [q] });
  const c1 = new Process({ target: consumer, args: [q] });
  p1.start();
  c1.start();
  await p1.join();
  await q.put(null); // only after the producer is done: items from one process arrive in order
  await c1.join();
  console.log('main');
}
