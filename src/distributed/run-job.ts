// What a worker does with one BullMQ job: resolve each task's target under its root (never elsewhere), decode the
// items, run them on the local process pool, and encode one outcome per task. A target that cannot be imported or
// whose source differs fails its task at once (no retry): the same job would fail the same way anywhere.
import { WorkerLostError } from '../errors.js';
import type { Pool } from '../pool/pool.js';
import { decodeChunk } from '../pool/tasks.js';
import { encode } from '../serialize/index.js';
import type { JobData, Outcome, TaskEntry } from './jobs.js';
import { exportReferences, importReferences } from './portable.js';
import { resolvePortable } from './target-ref.js';

export interface RunContext {
  pool: Pool;
  processes: number;
  root: string;
  host: string;
}

type Target = (...args: any[]) => unknown;

async function runItems(context: RunContext, fn: Target, items: unknown[], star: boolean, kwds: object | undefined): Promise<unknown[]> {
  // One call (an apply, or a chunk of one): the local pool's lightest path.
  if (items.length === 1) return [await context.pool.apply(fn, star ? (items[0] as unknown[]) : [items[0]], kwds)];
  if (kwds === undefined) {
    const chunksize = Math.max(1, Math.ceil(items.length / context.processes));
    return star ? context.pool.starmap(fn, items as unknown[][], chunksize) : context.pool.map(fn, items, chunksize);
  }
  // With keywords each call is an apply; like map, the first error is reported once every call is done.
  const settled = await Promise.allSettled(items.map((item) => context.pool.apply(fn, star ? (item as unknown[]) : [item], kwds)));
  const failed = settled.find((outcome) => outcome.status === 'rejected');
  if (failed !== undefined) throw (failed as PromiseRejectedResult).reason;
  return settled.map((outcome) => (outcome as PromiseFulfilledResult<unknown>).value);
}

function encodeOutcome(ok: boolean, value: unknown): Uint8Array {
  try {
    return exportReferences(encode(value, { root: ok ? 'result' : 'error' }));
  } catch (error) {
    // An error of a class that cannot travel (outside any package): send its class name and message instead.
    const original = value instanceof Error ? `${value.name}: ${value.message}` : String(value);
    return encode(new Error(`${original} (sent as Error: ${(error as Error).message})`));
  }
}

async function runTask(context: RunContext, data: JobData, [id, fnIndex, star, payload]: TaskEntry): Promise<Outcome> {
  try {
    const fn = (await resolvePortable(data.fns[fnIndex], context.root, context.host)) as Target;
    const decoded: unknown = await decodeChunk(Buffer.from(payload, 'base64'), (bytes) => importReferences(bytes, context.root, context.host));
    if (!Array.isArray(decoded) || !Array.isArray(decoded[0])) throw new TypeError('malformed task payload');
    const [items, kwds] = decoded as [unknown[], object | undefined];
    if (star === 1 && items.some((item) => !Array.isArray(item))) throw new TypeError('malformed task payload');
    return [id, true, encodeOutcome(true, await runItems(context, fn, items, star === 1, kwds ?? undefined))];
  } catch (error) {
    return [id, false, encodeOutcome(false, error)];
  }
}

/** The outcomes of every task of a job. */
export function runJob(context: RunContext, data: JobData): Promise<Outcome[]> {
  return Promise.all(data.tasks.map((task) => runTask(context, data, task)));
}

/** The outcomes of a job whose workers died `losses` times: every task fails with WorkerLostError. */
export function lostJob(data: JobData, losses: number): Outcome[] {
  const error = new WorkerLostError(`the workers running this task died ${losses} time(s), the pool's limit (attempts: ${data.attempts})`);
  const bytes = encode(error);
  return data.tasks.map(([id]) => [id, false, bytes]);
}
