// Seed 002: a Queue's own methods in one process — put/get, putNowait on a full queue (Full), getNowait on an
// empty one (Empty), full(), empty(), qsize(). Users write `from 'multiproc'`.
//   node --import tsx examples/queue-basics.ts
import { Empty, Full } from '../src/index.js';
import { Queue } from '../src/queues/index.js';

const q = new Queue<number>(3);
await q.put(1);
await q.put(2);
await q.put(3);
// await q.put(4) would wait here until another process takes an item out.
try {
  q.putNowait(4);
} catch (error) {
  if (!(error instanceof Full)) throw error;
  console.log('the queue is full: putNowait threw Full');
}
console.log(`full(): ${q.full()}, qsize(): ${q.qsize()}`);

console.log(await q.get());
console.log(await q.get());
console.log(await q.get());
// await q.get() would wait here until another process puts an item in.
try {
  q.getNowait();
} catch (error) {
  if (!(error instanceof Empty)) throw error;
  console.log('the queue is empty: getNowait threw Empty');
}
try {
  await q.get({ timeout: 100 });
} catch (error) {
  if (!(error instanceof Empty)) throw error;
  console.log('get({ timeout: 100 }) threw Empty after 100 ms');
}
console.log(`empty(): ${q.empty()}`);
q.close();
