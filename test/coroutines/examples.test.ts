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

test('examples/gevent-spawn-joinall.ts switches like gevent and downloads concurrently', OPTIONS, async () => {
  const lines = (await runExample('examples/gevent-spawn-joinall.ts')).trim().split('\n');
  assert.deepEqual(lines, [
    'Running in foo',
    'Explicit context to bar',
    'Explicit context switch to foo again',
    'Implicit context switch back to bar',
    'GET: https://www.python.org/',
    'GET: https://www.yahoo.com/',
    'GET: https://github.com/',
    '521312 bytes received from https://www.yahoo.com/.',
    '285430 bytes received from https://github.com/.',
    '48990 bytes received from https://www.python.org/.',
    '3 pages, 855732 bytes, concurrently: yes',
    'GET: https://github.com/',
    '285430 bytes received from https://github.com/.',
    'single greenlet ready: true, value: 285430',
  ]);
});

test('examples/gevent-pool.ts runs two at a time and keeps map order', OPTIONS, async () => {
  const lines = (await runExample('examples/gevent-pool.ts')).trim().split('\n');
  assert.deepEqual(lines, [
    'free slots right after spawning: 0',
    'start a',
    'start b',
    'done b',
    'start c',
    'done c',
    'start d',
    'done d',
    'done a',
    'all done; at most 2 at once',
    'map: 1 4 9 16',
    'imapUnordered: 4 3 2 1',
  ]);
});
