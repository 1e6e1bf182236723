// Files another local user plants under a tree's names in /dev/shm are never trusted: our exit removes only what
// we own and what our own registry lists, never signals a pid read from somebody else's file, and the tracker still
// starts. (The test runs as root to chown files to another uid; as another user it checks what it can.)
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { eventually, pidAlive } from '../helpers.js';

const T = { timeout: 60_000 };
const FIXTURE = fileURLToPath(new URL('../fixtures/shm-planted.ts', import.meta.url));
const STRANGER = 4242;
const isRoot = process.getuid?.() === 0;

function readLine(stream: NodeJS.ReadableStream, state: { text: string }): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no line from the fixture in time')), 30_000);
    const take = () => {
      const end = state.text.indexOf('\n');
      if (end < 0) return;
      clearTimeout(timer);
      stream.off('data', onData);
      const line = state.text.slice(0, end);
      state.text = state.text.slice(end + 1);
      resolve(line);
    };
    const onData = (chunk: Buffer) => {
      state.text += chunk.toString();
      take();
    };
    stream.on('data', onData);
    take();
  });
}

function plant(path: string, text: string): void {
  writeFileSync(path, text, { mode: 0o644 });
  if (isRoot) chownSync(path, STRANGER, STRANGER);
}

test('a planted registry and tracker pid file: the exit deletes none of the planter’s choice, signals nobody', T, async (t) => {
  const tag = `mptest-${randomBytes(4).toString('hex')}`;
  const victim = `/dev/shm/${tag}-victim`;
  writeFileSync(victim, 'not to be removed', { mode: 0o600 });
  const bystander = spawn('sleep', ['60'], { stdio: 'ignore' });
  t.after(() => {
    bystander.kill('SIGKILL');
    rmSync(victim, { force: true });
  });
  const root = spawn(process.execPath, ['--import', 'tsx', FIXTURE, `${tag}-segment`], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => root.once('exit', (code) => resolve(code)));
  const state = { text: '' };
  const pid = Number(await readLine(root.stdout, state));
  plant(`/dev/shm/mp-${pid}-registry`, `+${tag}-victim\n`);
  plant(`/dev/shm/mp-${pid}-tracker`, String(bystander.pid));
  root.stdin.write('go\n');
  const report = JSON.parse(await readLine(root.stdout, state)) as { mode: number; uid: number };
  assert.equal(await exited, 0);
  assert.ok(existsSync(victim), 'a name listed in a planted registry was removed');
  assert.ok(pidAlive(bystander.pid!), 'the pid in a planted tracker file was signalled');
  if (isRoot) {
    assert.equal(report.uid, 0, 'the registry in use is our own, not the planted one');
    assert.equal(report.mode, 0o600);
    // Our own registry listed the segment and our exit removed it and every file of ours.
    await eventually(() => !existsSync(`/dev/shm/${tag}-segment`) && !existsSync(`/dev/shm/mp-${pid}-registry`), 10_000);
  }
  for (const name of ['registry', 'tracker']) rmSync(`/dev/shm/mp-${pid}-${name}`, { force: true });
});

test('the registry of user-named segments is created 0600', T, async () => {
  const tag = `mptest-${randomBytes(4).toString('hex')}`;
  const root = spawn(process.execPath, ['--import', 'tsx', FIXTURE, `${tag}-segment`], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => root.once('exit', (code) => resolve(code)));
  const state = { text: '' };
  await readLine(root.stdout, state);
  root.stdin.write('go\n');
  const report = JSON.parse(await readLine(root.stdout, state)) as { mode: number };
  assert.equal(await exited, 0);
  assert.equal(report.mode, 0o600);
});
