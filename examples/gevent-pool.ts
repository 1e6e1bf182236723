// The seed's gevent.pool.Pool: limit how many greenlets run at once. p = Pool(number); p.spawn(function, parameter);
// p.join(). Each task downloads a page from a local server (examples/local-pages.ts), which answers after a delay.
//   node --import tsx examples/gevent-pool.ts
import { Pool, sleep } from '../src/coroutines/index.js';
import { describePage, servePages, type Page } from './local-pages.js';

const PAGES: Page[] = [
  { path: '/a.html', bytes: 30_000, delayMs: 300 },
  { path: '/b.html', bytes: 10_000, delayMs: 20 },
  { path: '/c.html', bytes: 20_000, delayMs: 20 },
  { path: '/d.html', bytes: 40_000, delayMs: 20 },
];
const server = await servePages(PAGES);
console.log(`Serving ${PAGES.length} pages on ${server.url('/')} (${PAGES.map(describePage).join('; ')})`);

const p = new Pool(2);
let running = 0;
let mostAtOnce = 0;

async function download(name: string): Promise<number> {
  running += 1;
  mostAtOnce = Math.max(mostAtOnce, running);
  console.log(`start ${name}`);
  const bytes = (await (await fetch(server.url(`/${name}.html`))).arrayBuffer()).byteLength;
  console.log(`done ${name}: ${bytes} bytes`);
  running -= 1;
  return bytes;
}

// gevent's p.spawn blocks when the pool is full; here spawn returns the greenlet at once and it starts when a slot frees.
for (const name of ['a', 'b', 'c', 'd']) p.spawn(download, name);
console.log(`free slots right after spawning: ${p.freeCount()}`);
await p.join();
console.log(`all done; at most ${mostAtOnce} at once (the server saw at most ${server.mostOpenAtOnce})`);
await server.close();

// Pool.map keeps the input order whatever the finishing order; imapUnordered gives results as they come.
const results = await p.map((n: number) => sleep((5 - n) * 20).then(() => n * n), [1, 2, 3, 4]);
console.log(`map: ${results.join(' ')}`);
const wide = new Pool(4);
const arrivals: number[] = [];
for await (const n of wide.imapUnordered((n: number) => sleep((5 - n) * 40).then(() => n), [1, 2, 3, 4])) arrivals.push(n);
console.log(`imapUnordered: ${arrivals.join(' ')}`);
