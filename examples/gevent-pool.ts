// The seed's gevent.pool.Pool: limit how many greenlets run at once. p = Pool(number); p.spawn(function, parameter);
// p.join(). Downloads are pretended with sleep() (no network here).
//   node --import tsx examples/gevent-pool.ts
import { Pool, sleep } from '../src/coroutines/index.js';

const p = new Pool(2);
let running = 0;
let mostAtOnce = 0;

async function task(name: string, ms: number): Promise<string> {
  running += 1;
  mostAtOnce = Math.max(mostAtOnce, running);
  console.log(`start ${name}`);
  await sleep(ms);
  console.log(`done ${name}`);
  running -= 1;
  return name.toUpperCase();
}

// gevent's p.spawn blocks when the pool is full; here spawn returns the greenlet at once and it starts when a slot frees.
p.spawn(task, 'a', 300);
p.spawn(task, 'b', 20);
p.spawn(task, 'c', 20);
p.spawn(task, 'd', 20);
console.log(`free slots right after spawning: ${p.freeCount()}`);
await p.join();
console.log(`all done; at most ${mostAtOnce} at once`);

// Pool.map keeps the input order whatever the finishing order; imapUnordered gives results as they come.
const results = await p.map((n: number) => sleep((5 - n) * 20).then(() => n * n), [1, 2, 3, 4]);
console.log(`map: ${results.join(' ')}`);
const wide = new Pool(4);
const arrivals: number[] = [];
for await (const n of wide.imapUnordered((n: number) => sleep((5 - n) * 40).then(() => n), [1, 2, 3, 4])) arrivals.push(n);
console.log(`imapUnordered: ${arrivals.join(' ')}`);
