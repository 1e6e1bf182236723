// What the distributed tests start dies with the test process: a SIGKILLed test file (the runner's per-file timeout)
// leaves neither its redis-server nor its `multiproc worker` processes behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { eventually } from '../helpers.js';

const SCRIPT = fileURLToPath(new URL('../fixtures/distributed-hooks/start-and-wait.ts', import.meta.url));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test('a SIGKILLed test process takes its redis-server and its workers with it', { timeout: 60_000 }, async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout!.setEncoding('utf8');
  const pids = await new Promise<{ redis: number; worker: number }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not started within 40 s: ${output}`)), 40_000);
    child.stdout!.on('data', (text: string) => {
      output += text;
      if (output.includes('\n')) {
        clearTimeout(timer);
        resolve(JSON.parse(output.split('\n')[0]!));
      }
    });
    child.once('exit', () => reject(new Error(`exited before it started them: ${output}`)));
  });
  try {
    assert.ok(alive(pids.redis) && alive(pids.worker));
  } finally {
    child.kill('SIGKILL');
  }
  await eventually(() => !alive(pids.redis) && !alive(pids.worker), 15_000);
});
