// How the chunks taken in one turn are packed into BullMQ jobs: few chunks get a job each, so that every worker can
// take one as soon as it is free (16 CPU-bound chunks over 2 single-process workers must split 8/8, not in pairs);
// a burst of thousands shares jobs, so BullMQ's per-job cost is paid once per batch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { packTasks } from '../../src/distributed/pack-tasks.js';
import type { Job, Task } from '../../src/pool/tasks.js';
import { encode } from '../../src/serialize/index.js';
import * as t from '../fixtures/distributed/targets.js';

function tasks(count: number): Task[] {
  return Array.from({ length: count }, (_, i) => ({ job: {} as Job, chunk: i, fn: t.square, star: false, payload: encode([[i], undefined]) }));
}

function ids(count: number): number[] {
  return Array.from({ length: count }, (_, i) => i);
}

test('16 chunks for 2 worker processes: one job each, so neither worker holds two chunks while the other idles', () => {
  const { jobs, refused } = packTasks(tasks(16), ids(16), { pool: 'p', attempts: 3, capacity: 2 });
  assert.deepEqual(refused, []);
  assert.equal(jobs.length, 16);
  assert.deepEqual(jobs.map((job) => job.tasks.map(([id]) => id)), ids(16).map((id) => [id]));
});

test('5000 chunks for 2 worker processes share jobs: at most 16 jobs per process, every chunk once, in order', () => {
  const { jobs } = packTasks(tasks(5000), ids(5000), { pool: 'p', attempts: 3, capacity: 2 });
  assert.ok(jobs.length <= 32 && jobs.length >= 16, `${jobs.length} jobs`);
  assert.deepEqual(jobs.flatMap((job) => job.tasks.map(([id]) => id)), ids(5000));
  assert.ok(jobs.every((job) => job.fns.length === 1), 'each job names the target once');
});
