// The keep-alive contract: a child started with 'never' does not hold its parent's event loop, and a join() that
// timed out does not change that (a manager's server is such a child).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { eventually, pidAlive } from '../helpers.js';

const PROGRAM = fileURLToPath(new URL('../fixtures/keep-alive-parent.ts', import.meta.url));

test("a 'never' child lets its parent exit after a join() that timed out, and then ends with it", { timeout: 60_000 }, async () => {
  const parent = spawn(process.execPath, ['--import', 'tsx', PROGRAM], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  parent.stdout.on('data', (chunk) => (output += chunk));
  const code = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => {
      parent.kill('SIGKILL');
      resolve(null);
    }, 30_000);
    parent.once('exit', (exitCode) => {
      clearTimeout(timer);
      resolve(exitCode);
    });
  });
  assert.equal(code, 0, 'the parent exited by itself while its child slept');
  const childPid = Number(output.trim());
  assert.ok(childPid > 0);
  await eventually(() => !pidAlive(childPid), 10_000); // the child follows its parent (no orphans)
});
