// Runs alone after the whole suite (scripts/test.mjs): nothing of ours may be left behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { eventually } from './helpers.js';

/** Processes whose environment marks them as part of a multiproc tree (children carry MULTIPROC_ROOT_PID). */
function multiprocProcesses(): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    if (Number(pid) === process.pid) continue;
    try {
      const environ = readFileSync(`/proc/${pid}/environ`, 'latin1');
      if (environ.includes('MULTIPROC_ROOT_PID=')) found.push(`${pid}: ${readFileSync(`/proc/${pid}/cmdline`, 'latin1').replace(/\0/g, ' ')}`);
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

function ourSegments(): string[] {
  return readdirSync('/dev/shm').filter((name) => name.startsWith('mp-'));
}

test('no child process of the test suite is still running', { timeout: 15_000 }, async () => {
  await eventually(() => multiprocProcesses().length === 0, 10_000).catch(() => {});
  assert.deepEqual(multiprocProcesses(), []);
});

test('no shared-memory segment of ours is left in /dev/shm', { timeout: 15_000 }, async () => {
  await eventually(() => ourSegments().length === 0, 10_000).catch(() => {});
  assert.deepEqual(ourSegments(), []);
});
