// The one answer to "is this process alive?": live, exited-but-unreaped (zombie) and gone processes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { isProcessAlive, processStartTime, readProcessStat, SIGKILL } from '../../src/platform/proc.js';
import { eventually } from '../helpers.js';

const T = { timeout: 20_000 };

test('this process and its parent are alive, with a start time that stays the same', () => {
  assert.equal(isProcessAlive(process.pid), true);
  assert.equal(isProcessAlive(process.ppid), true);
  const start = processStartTime(process.ppid);
  assert.match(start ?? '', /^\d+$/);
  assert.equal(processStartTime(process.ppid), start);
  assert.equal(readProcessStat(process.pid)?.ppid, process.ppid);
});

test('a child that exited but is not reaped yet is not alive; nor is a pid nobody has', T, async () => {
  // A child of a `sleep` that we SIGKILL while its parent (the shell) does not reap it: a zombie.
  const shell = spawn('sh', ['-c', 'sleep 30 & echo $!; exec sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    const zombiePid = Number(await new Promise<string>((resolve) => shell.stdout.once('data', (chunk) => resolve(String(chunk)))));
    assert.equal(isProcessAlive(zombiePid), true);
    process.kill(zombiePid, SIGKILL);
    await eventually(() => readProcessStat(zombiePid)?.state === 'Z', 10_000);
    assert.equal(isProcessAlive(zombiePid), false, 'a zombie has exited');
    assert.equal(processStartTime(zombiePid), null);
  } finally {
    shell.kill('SIGKILL');
  }
  assert.equal(isProcessAlive(2 ** 22 + 1), false, 'above pid_max: no such process');
  assert.equal(processStartTime(2 ** 22 + 1), null);
});
