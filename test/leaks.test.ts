// Runs alone after the whole suite (scripts/test.mjs): nothing of ours may be left behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { eventually, procStatFields } from './helpers.js';

// scripts/test.mjs says when the suite began; older entries belong to other programs on this machine.
const SUITE_START = Number(process.env.MULTIPROC_SUITE_START ?? 0);
const BOOT_TIME_MS = Number(/^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))![1]) * 1000;
const CLOCK_TICKS = 100;

function startedAt(pid: string): number {
  const fields = procStatFields(pid);
  if (fields === null) throw new Error(`process ${pid} is gone`);
  return BOOT_TIME_MS + (Number(fields[19]) / CLOCK_TICKS) * 1000;
}

/** Processes whose environment marks them as part of a multiproc tree (children carry MULTIPROC_ROOT_PID). */
function multiprocProcesses(): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    if (Number(pid) === process.pid) continue;
    try {
      if (startedAt(pid) < SUITE_START - 1000) continue;
      const environ = readFileSync(`/proc/${pid}/environ`, 'latin1');
      if (environ.includes('MULTIPROC_ROOT_PID=')) found.push(`${pid}: ${readFileSync(`/proc/${pid}/cmdline`, 'latin1').replace(/\0/g, ' ')}`);
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

function ourSegments(): string[] {
  return readdirSync('/dev/shm').filter((name) => {
    if (!name.startsWith('mp-')) return false;
    try {
      return statSync(`/dev/shm/${name}`).ctimeMs >= SUITE_START - 1000;
    } catch {
      return false;
    }
  });
}

test('no child process of the test suite is still running', { timeout: 15_000 }, async () => {
  await eventually(() => multiprocProcesses().length === 0, 10_000).catch(() => {});
  assert.deepEqual(multiprocProcesses(), []);
});

test('no shared-memory segment of ours is left in /dev/shm', { timeout: 15_000 }, async () => {
  await eventually(() => ourSegments().length === 0, 10_000).catch(() => {});
  assert.deepEqual(ourSegments(), []);
});
