// The seed's gevent basics: gevent.spawn(function, parameter), g.join(), gevent.joinall(spawnlist), gevent.sleep().
// The seed fetches pages from the web; here they come from a local server (examples/local-pages.ts) that answers
// each after a delay, and `fetchPage` really fetches them, several at once.
// No monkey.patch_all(): Node's I/O never blocks the event loop, so there is nothing to patch.
//   node --import tsx examples/gevent-spawn-joinall.ts
import { joinall, sleep, spawn } from '../src/coroutines/index.js';
import { describePage, servePages, type Page } from './local-pages.js';

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

// The seed's crawler: three downloads at once; each prints when its response has arrived whole.
const PAGES: Page[] = [
  { path: '/python.html', bytes: 48_990, delayMs: 300 },
  { path: '/yahoo.html', bytes: 521_312, delayMs: 100 },
  { path: '/github.html', bytes: 285_430, delayMs: 200 },
];
const server = await servePages(PAGES);
console.log(`Serving ${PAGES.length} pages on ${server.url('/')} (${PAGES.map(describePage).join('; ')})`);

async function fetchPage(url: string): Promise<number> {
  console.log(`GET: ${url}`);
  const response = await fetch(url);
  const bytes = (await response.arrayBuffer()).byteLength;
  console.log(`${bytes} bytes received from ${url}.`);
  return bytes;
}

const greenlets = PAGES.map((page) => spawn(fetchPage, server.url(page.path)));
const finished = await joinall(greenlets);
const total = finished.reduce((sum, greenlet) => sum + (greenlet.value ?? 0), 0);
// The server, not a clock, says whether the downloads overlapped: it counts the requests it held open at once.
console.log(`${finished.length} pages, ${total} bytes; requests open at the server at once: ${server.mostOpenAtOnce}`);

// g.join() waits for one greenlet; `await g` also gives its value.
const single = spawn(fetchPage, server.url('/github.html'));
await single.join();
console.log(`single greenlet ready: ${single.ready()}, value: ${await single}`);
await server.close();
