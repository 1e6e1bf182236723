// Worker liveness in Redis: each worker refreshes a record that expires unless refreshed, and lists itself in a
// sorted set; readers keep the records that still exist and drop the names of workers whose record expired.
import type { Redis } from 'ioredis';
import type { Keys } from './keys.js';

/** What `cluster.workers()` reports for each live worker. */
export interface WorkerInfo {
  id: string;
  host: string;
  pid: number;
  /** Size of the worker's local process pool. */
  processes: number;
  /** Jobs (chunks) the worker holds at its last heartbeat. */
  busy: number;
  /** When the worker last reported. */
  lastSeen: Date;
}

/** How often a worker reports; its record lives three periods, so one late beat does not make it vanish. */
export const HEARTBEAT_MS = 1000;
const RECORD_TTL_MS = 3 * HEARTBEAT_MS;

export async function writeHeartbeat(redis: Redis, keys: Keys, info: Omit<WorkerInfo, 'lastSeen'>): Promise<void> {
  const now = Date.now();
  await redis.multi()
    .set(keys.worker(info.id), JSON.stringify({ ...info, lastSeen: now }), 'PX', RECORD_TTL_MS)
    .zadd(keys.workers, now, info.id)
    .zremrangebyscore(keys.workers, '-inf', now - RECORD_TTL_MS) // workers that died without leaving
    .exec();
}

export async function removeHeartbeat(redis: Redis, keys: Keys, id: string): Promise<void> {
  await redis.multi().del(keys.worker(id)).zrem(keys.workers, id).zremrangebyscore(keys.workers, '-inf', Date.now() - RECORD_TTL_MS).exec();
}

function parseRecord(text: string | null): WorkerInfo | null {
  if (text === null) return null;
  try {
    const record = JSON.parse(text) as Record<string, unknown>;
    const { id, host, pid, processes, busy, lastSeen } = record;
    if (typeof id !== 'string' || typeof host !== 'string' || !Number.isInteger(pid) || !Number.isInteger(processes) ||
        !Number.isInteger(busy) || typeof lastSeen !== 'number') return null;
    return { id, host, pid: pid as number, processes: processes as number, busy: busy as number, lastSeen: new Date(lastSeen) };
  } catch {
    return null;
  }
}

/** The workers whose record has not expired. */
export async function readWorkers(redis: Redis, keys: Keys): Promise<WorkerInfo[]> {
  const ids = await redis.zrange(keys.workers, 0, -1);
  if (ids.length === 0) return [];
  const records = await redis.mget(ids.map((id) => keys.worker(id)));
  const live: WorkerInfo[] = [];
  const gone: string[] = [];
  records.forEach((text, i) => {
    const info = parseRecord(text);
    if (info === null) gone.push(ids[i]);
    else live.push(info);
  });
  if (gone.length > 0) await redis.zrem(keys.workers, ...gone);
  return live;
}

/** Whether a worker's record still exists. */
export async function isWorkerAlive(redis: Redis, keys: Keys, id: string): Promise<boolean> {
  return (await redis.exists(keys.worker(id))) === 1;
}
