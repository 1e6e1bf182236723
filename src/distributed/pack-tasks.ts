// Packs the chunks taken in one turn of the event loop into BullMQ jobs. Few large chunks (a map) get a job each, so
// they spread over the workers; many small ones (applyAsync in a loop) share jobs, so the per-job cost of BullMQ
// (its Redis round trips) is paid once per batch: up to sixteen jobs per worker process (fine enough that a free
// worker always finds one, while a busy one holds at most its prefetch), at most MAX_TASKS_PER_JOB and MAX_JOB_BYTES each.
import type { Task } from '../pool/tasks.js';
import type { JobData, TaskEntry } from './jobs.js';
import { exportReferences } from './portable.js';
import { portableReferenceOf, type PortableReference } from './target-ref.js';

const MAX_TASKS_PER_JOB = 1024;
const JOBS_PER_PROCESS = 16;
const MAX_JOB_BYTES = 1 << 20;

export interface PackSettings {
  pool: string;
  attempts: number;
  /** Worker processes serving the cluster (about). */
  capacity: number;
}

/** The jobs for `tasks` (whose ids are `ids`), and the tasks refused (a class argument that cannot travel). */
export function packTasks(tasks: Task[], ids: number[], settings: PackSettings): { jobs: JobData[]; refused: [number, unknown][] } {
  const perJob = Math.min(MAX_TASKS_PER_JOB, Math.max(1, Math.ceil(tasks.length / (JOBS_PER_PROCESS * settings.capacity))));
  const jobs: JobData[] = [];
  const refused: [number, unknown][] = [];
  let job: JobData | null = null;
  let fnIndex = new Map<Function, number>();
  let bytes = 0;
  tasks.forEach((task, i) => {
    let payload: Uint8Array;
    let ref: PortableReference;
    try {
      ref = portableReferenceOf(task.fn);
      payload = exportReferences(task.payload);
    } catch (error) {
      refused.push([ids[i], error]);
      return;
    }
    if (job === null || job.tasks.length >= perJob || bytes + payload.length > MAX_JOB_BYTES) {
      job = { pool: settings.pool, attempts: settings.attempts, fns: [], tasks: [] };
      jobs.push(job);
      fnIndex = new Map();
      bytes = 0;
    }
    let fn = fnIndex.get(task.fn);
    if (fn === undefined) {
      fn = job.fns.push(ref) - 1;
      fnIndex.set(task.fn, fn);
    }
    const entry: TaskEntry = [ids[i], fn, task.star ? 1 : 0, Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('base64')];
    job.tasks.push(entry);
    bytes += payload.length;
  });
  return { jobs, refused };
}
