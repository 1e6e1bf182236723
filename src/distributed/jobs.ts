// The wire formats between a distributed pool and its workers. A BullMQ job carries one or more tasks (chunks of a
// map, or several apply calls batched together); its data is JSON, so encoded payloads travel as base64. A worker
// answers with one result message per job, pushed to the pool's results list: MessagePack of [taskId, ok, bytes]
// triples. Everything read here came from Redis and is checked before use.
import { packer } from '../serialize/format.js';
import type { PortableReference } from './target-ref.js';

/** One task in a job: [task id, index into `fns`, star (spread each item), base64 of encode([items, kwds])]. */
export type TaskEntry = [number, number, 0 | 1, string];

export interface JobData {
  /** The pool's id (where results go). */
  pool: string;
  /** Losses (workers that died holding the job) after which its tasks fail with WorkerLostError. */
  attempts: number;
  fns: PortableReference[];
  tasks: TaskEntry[];
}

/** One task's outcome: [task id, ok, encode(results) or encode(error)]. */
export type Outcome = [number, boolean, Uint8Array];

const MAX_TASKS = 100_000;

/** The job's data, checked; throws TypeError describing what is malformed. */
export function readJobData(value: unknown): JobData {
  const data = value as Partial<JobData> | null;
  if (data === null || typeof data !== 'object' || typeof data.pool !== 'string' || !Number.isInteger(data.attempts) ||
      !Array.isArray(data.fns) || !Array.isArray(data.tasks) || data.tasks.length > MAX_TASKS) {
    throw new TypeError('malformed job data');
  }
  for (const task of data.tasks) {
    if (!Array.isArray(task) || task.length !== 4 || !Number.isInteger(task[0]) || !Number.isInteger(task[1]) ||
        task[1] < 0 || task[1] >= data.fns.length || (task[2] !== 0 && task[2] !== 1) || typeof task[3] !== 'string') {
      throw new TypeError('malformed task in job data');
    }
  }
  return data as JobData;
}

export function writeOutcomes(outcomes: Outcome[]): Buffer {
  return packer.pack(outcomes.map(([id, ok, bytes]) => [id, ok, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]));
}

/** The outcomes in a result message, checked; throws TypeError when malformed. */
export function readOutcomes(message: Buffer): Outcome[] {
  const outcomes = packer.unpack(message) as unknown;
  if (!Array.isArray(outcomes)) throw new TypeError('malformed result message');
  for (const outcome of outcomes) {
    if (!Array.isArray(outcome) || outcome.length !== 3 || !Number.isInteger(outcome[0]) || typeof outcome[1] !== 'boolean' ||
        !(outcome[2] instanceof Uint8Array)) {
      throw new TypeError('malformed outcome in a result message');
    }
  }
  return outcomes as Outcome[];
}
