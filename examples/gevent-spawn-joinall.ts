// The seed's gevent basics: gevent.spawn(function, parameter), g.join(), gevent.joinall(spawnlist), gevent.sleep().
// The seed fetches URLs; the network is not available here, so `fetchPage` pretends with sleep().
// No monkey.patch_all(): Node's I/O never blocks the event loop, so there is nothing to patch.
//   node --import tsx examples/gevent-spawn-joinall.ts
import { joinall, sleep, spawn } from '../src/coroutines/index.js';

// gevent's first example: explicit switches with sleep(0).
function foo(): Promise<void> {
  console.log('Running in foo');
  return sleep(0).then(() => console.log('Explicit context switch to foo again'));
}

async function bar(): Promise<void> {
  console.log('Explicit context to bar');
  await sleep(0);
  console.log('Implicit context switch back to bar');
}

await joinall([spawn(foo), spawn(bar)]);

// The seed's crawler: three "downloads" at once; each prints when its (pretend) response arrives.
const PAGES: Record<string, { delayMs: number; bytes: number }> = {
  'https://www.python.org/': { delayMs: 300, bytes: 48_990 },
  'https://www.yahoo.com/': { delayMs: 100, bytes: 521_312 },
  'https://github.com/': { delayMs: 200, bytes: 285_430 },
};

async function fetchPage(url: string): Promise<number> {
  console.log(`GET: ${url}`);
  const page = PAGES[url]!;
  await sleep(page.delayMs);
  console.log(`${page.bytes} bytes received from ${url}.`);
  return page.bytes;
}

const started = Date.now();
const greenlets = Object.keys(PAGES).map((url) => spawn(fetchPage, url));
const finished = await joinall(greenlets);
const total = finished.reduce((sum, greenlet) => sum + (greenlet.value ?? 0), 0);
console.log(`${finished.length} pages, ${total} bytes, concurrently: ${Date.now() - started < 550 ? 'yes' : 'no'}`);

// g.join() waits for one greenlet; `await g` also gives its value.
const single = spawn(fetchPage, 'https://github.com/');
await single.join();
console.log(`single greenlet ready: ${single.ready()}, value: ${await single}`);
