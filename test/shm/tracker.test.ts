// The resource tracker: nothing of a process tree stays in /dev/shm after its root exits, normally or SIGKILLed,
// including user-named segments created by a child process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { eventually, pidAlive } from '../helpers.js';

const T = { timeout: 60_000 };
const CREATOR = fileURLToPath(new URL('../fixtures/shm-creator.ts', import.meta.url));

interface Report {
  pid: number;
  childPid: number;
  ready: number;
  entries: string[];
  names: string[];
}

function leftovers(pid: number, tag: string): string[] {
  return readdirSync('/dev/shm').filter((entry) => entry.startsWith(`mp-${pid}-`) || entry.startsWith(tag));
}

async function startCreator(mode: 'hang' | 'exit', tag: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', CREATOR, mode, tag], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let text = '';
  const report = await new Promise<Report>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the creator did not report in time')), 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('\n')) {
        clearTimeout(timer);
        resolve(JSON.parse(text.slice(0, text.indexOf('\n'))) as Report);
      }
    });
  });
  return { child, exited, report };
}

test('a SIGKILLed root: its segments, user-named ones and its child’s are removed', T, async () => {
  const tag = `mptest-${randomBytes(4).toString('hex')}`;
  const { child, exited, report } = await startCreator('hang', tag);
  assert.equal(report.ready, 1, 'the child created its segments');
  assert.ok(report.entries.includes(`${tag}-root`) && report.entries.includes(`${tag}-child`), JSON.stringify(report.entries));
  assert.ok(report.entries.filter((e) => e.startsWith(`mp-${report.pid}-`)).length >= 3, JSON.stringify(report.entries));
  child.kill('SIGKILL');
  await exited;
  await eventually(() => leftovers(report.pid, tag).length === 0, 10_000);
  await eventually(() => !pidAlive(report.childPid), 10_000);
});

test('a root that exits normally leaves nothing, at once', T, async () => {
  const tag = `mptest-${randomBytes(4).toString('hex')}`;
  const { exited, report } = await startCreator('exit', tag);
  assert.equal(await exited, 0);
  assert.deepEqual(leftovers(report.pid, tag), []);
});
