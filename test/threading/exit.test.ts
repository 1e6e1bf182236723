// Judged from outside the process: daemon threads do not keep it alive, non-daemon threads do, and an error that
// escapes a thread is printed with the thread's name (Python's excepthook) without failing the process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { getContext } from '../../src/context.js';
import { startThreadsAndReturn } from '../fixtures/threading.js';
import { existsSync, readJson, tempDir } from '../helpers.js';

const T = { timeout: 90_000 };
const SCRIPT = fileURLToPath(new URL('../fixtures/threading.ts', import.meta.url));

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

function play(scenario: string, timeoutMs = 40_000): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, scenario], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`scenario ${scenario} still running after ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: performance.now() - start });
    });
  });
}

test('a daemon thread does not keep the process alive', T, async () => {
  const { code, stdout, stderr, ms } = await play('daemon');
  assert.equal(code, 0, stderr);
  assert.equal(stdout, 'main done\n');
  assert.ok(ms < 15_000, `the process took ${ms} ms (the daemon thread sleeps 20 s)`);
});

test('awaiting join() of a daemon thread keeps the process alive until the thread ends', T, async () => {
  const { code, stdout, stderr } = await play('daemon-join');
  assert.equal(code, 0, stderr);
  assert.equal(stdout, 'daemon thread done\njoined\n');
});

test('a non-daemon thread keeps the process alive until it ends', T, async () => {
  const baseline = await play('daemon');
  const { code, stdout, stderr, ms } = await play('non-daemon');
  assert.equal(code, 0, stderr);
  assert.equal(stdout, 'main done\nthread done\n');
  assert.ok(ms > 1400, `exited after ${ms} ms`);
  assert.ok(ms - baseline.ms > 700, `non-daemon ${ms} ms vs daemon ${baseline.ms} ms`);
});

test("an uncaught error or rejection in a thread prints 'Exception in thread <name>:' and its stack; the process goes on", T, async () => {
  const { code, stdout, stderr } = await play('excepthook');
  assert.equal(code, 0, stderr);
  assert.equal(stdout, 'after: alive=false,false\n');
  assert.match(stderr, /^Exception in thread Thread-1:\nTypeError: boom\n\s+at failInThread /m);
  assert.match(stderr, /^Exception in thread Rejecter:\nRangeError: late\n\s+at rejectInThread /m);
});

for (const method of ['spawn', 'forkserver', 'thread'] as const) {
  test(`a child process (${method}) waits for its non-daemon threads before it exits; daemon ones end with it`, T, async () => {
    using dir = tempDir();
    const child = new (getContext(method).Process)({ target: startThreadsAndReturn, args: [dir.path('thread.json'), dir.path('daemon.json')] });
    child.start();
    await child.join(30_000);
    assert.equal(child.exitcode, 0);
    assert.equal(readJson(dir.path('thread.json')).daemon, false, 'the non-daemon thread ran to its end');
    assert.equal(existsSync(dir.path('daemon.json')), false, 'the daemon thread ended with the child');
  });
}
