import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const OPTIONS = { timeout: 30_000 };
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

async function runExample(file: string, ...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', file, ...args], { cwd: ROOT, timeout: 25_000 });
  return stdout;
}

test('examples/coroutine-generator-send.ts prints what the Python producer/consumer prints', OPTIONS, async () => {
  const expected = [1, 2, 3, 4, 5].flatMap((n) => [
    `[PRODUCER] Producing ${n}...`,
    `[CONSUMER] Consuming ${n}...`,
    '[PRODUCER] Consumer return: 200 OK',
  ]);
  assert.equal(await runExample('examples/coroutine-generator-send.ts', '0'), `${expected.join('\n')}\n`);
});

/** The output with the local server's port replaced by PORT (it is a free port, different every run). */
const withoutPort = (stdout: string) => stdout.trim().split('\n').map((line) => line.replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT'));
const PAGE = 'http://127.0.0.1:PORT';

test('examples/gevent-spawn-joinall.ts switches like gevent and downloads real pages concurrently', OPTIONS, async () => {
  const lines = withoutPort(await runExample('examples/gevent-spawn-joinall.ts'));
  // The three responses arrive in the order the transfers end, which the delays do not fix: compared as a set.
  const received = lines.splice(8, 3).sort();
  assert.deepEqual(lines, [
    'Running in foo',
    'Explicit context to bar',
    'Explicit context switch to foo again',
    'Implicit context switch back to bar',
    `Serving 3 pages on ${PAGE}/ (/python.html: 48990 bytes after 300 ms; /yahoo.html: 521312 bytes after 100 ms; /github.html: 285430 bytes after 200 ms)`,
    `GET: ${PAGE}/python.html`,
    `GET: ${PAGE}/yahoo.html`,
    `GET: ${PAGE}/github.html`,
    '3 pages, 855732 bytes; requests open at the server at once: 3',
    `GET: ${PAGE}/github.html`,
    `285430 bytes received from ${PAGE}/github.html.`,
    'single greenlet ready: true, value: 285430',
  ]);
  assert.deepEqual(received, [
    `285430 bytes received from ${PAGE}/github.html.`,
    `48990 bytes received from ${PAGE}/python.html.`,
    `521312 bytes received from ${PAGE}/yahoo.html.`,
  ]);
});

test('examples/gevent-pool.ts downloads two at a time and keeps map order', OPTIONS, async () => {
  const lines = withoutPort(await runExample('examples/gevent-pool.ts'));
  // Which download ends first depends on the machine's load; what the pool guarantees does not: two start at once,
  // every other start waits for an end, and every page arrives whole.
  const transfers = lines.splice(3, 7);
  assert.deepEqual(lines, [
    `Serving 4 pages on ${PAGE}/ (/a.html: 30000 bytes after 300 ms; /b.html: 10000 bytes after 20 ms; /c.html: 20000 bytes after 20 ms; /d.html: 40000 bytes after 20 ms)`,
    'free slots right after spawning: 0',
    'start a',
    'all done; at most 2 at once (the server saw at most 2)',
    'map: 1 4 9 16',
    'imapUnordered: 4 3 2 1',
  ]);
  assert.equal(transfers[0], 'start b');
  assert.deepEqual([...transfers].sort(), ['done a: 30000 bytes', 'done b: 10000 bytes', 'done c: 20000 bytes', 'done d: 40000 bytes', 'start b', 'start c', 'start d']);
  let running = 2;
  for (const line of transfers.slice(1)) {
    running += line.startsWith('start') ? 1 : -1;
    assert.ok(running <= 2 && running >= 0, `at most two downloads at once: ${transfers.join(' | ')}`);
  }
});
