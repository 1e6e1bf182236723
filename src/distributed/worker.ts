// `multiproc worker`: serves every pool opened under a prefix. It attaches a BullMQ worker to each pool's queue
// (pools are found in the pools set and announced on a channel), runs the chunks on a local multiproc Pool, pushes
// each job's outcomes to the pool's results list while the pool is alive, and reports a heartbeat. stop() (SIGTERM)
// takes no new jobs, finishes those it holds, and removes its records.
import { randomBytes } from 'node:crypto';
import { existsSync, realpathSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import type { Job, Worker as BullWorker } from 'bullmq';
import type { Redis } from 'ioredis';
import { ValueError } from '../errors.js';
import { cpuCount } from '../process/api.js';
import { Pool } from '../pool/pool.js';
import { openRedis, validateConnectOptions, type ConnectOptions } from './connect.js';
import { loadDependencies, type Dependencies } from './deps.js';
import { HEARTBEAT_MS, removeHeartbeat, writeHeartbeat } from './heartbeat.js';
import { readJobData, writeOutcomes } from './jobs.js';
import { ATTACH_IF_ALIVE, Keys, PUSH_IF_ALIVE } from './keys.js';
import { lostJob, runJob, type RunContext } from './run-job.js';
import { openStoreWith, setCurrentStore, type RedisStore } from './objects/index.js';

export interface WorkerOptions extends ConnectOptions {
  /** Local worker processes (default cpuCount()). */
  processes?: number;
  /** Folder the targets' modules are resolved under (default: the current directory). */
  root?: string;
  /** Jobs held at once per pool (default: twice the processes, so the next chunk is at hand when one ends). */
  concurrency?: number;
  /** Milliseconds a job's lock lasts unless renewed: a dead worker's job is taken over about this long after (default 10000). */
  lockDuration?: number;
}

/** A dead pool's caller stops refreshing its marker: attached pools are checked this often. */
const RESCAN_MS = 2000;

function positiveInteger(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || (value as number) < 1) throw new ValueError(`${name} must be a whole number of at least 1`);
  return value as number;
}

/**
 * The local pool processes reopen the objects of a task's arguments at the address the worker re-sends them with,
 * which carries no password: they take it from MULTIPROC_REDIS_PASSWORD, inherited from here.
 */
function shareStorePassword(connection: string | { password?: string }): void {
  const password = typeof connection === 'string' ? decodeURIComponent(new URL(connection).password) : connection.password;
  if (password && !process.env.MULTIPROC_REDIS_PASSWORD) process.env.MULTIPROC_REDIS_PASSWORD = password;
}

export class DistributedWorker {
  readonly id: string;
  readonly host = hostname();
  private readonly attached = new Map<string, BullWorker>();
  private busy = 0;
  private stopping: Promise<void> | null = null;
  private timers: NodeJS.Timeout[] = [];

  private constructor(
    private readonly deps: Dependencies,
    private readonly redis: Redis,
    private readonly subscriber: Redis,
    private readonly keys: Keys,
    private readonly context: RunContext,
    private readonly concurrency: number,
    private readonly lockDuration: number,
    /** Where shared objects received in task arguments open: this worker's own connection settings and prefix. */
    private readonly store: RedisStore,
  ) {
    this.id = `${this.host}-${process.pid}-${randomBytes(3).toString('hex')}`;
  }

  /** Connects, starts the local pool and begins serving. */
  static async start(options: WorkerOptions): Promise<DistributedWorker> {
    const endpoint = validateConnectOptions(options);
    const processes = positiveInteger(options.processes, 'processes') ?? cpuCount();
    const concurrency = positiveInteger(options.concurrency, 'concurrency') ?? 2 * processes;
    const lockDuration = positiveInteger(options.lockDuration, 'lockDuration') ?? 10_000;
    const given = options.root ?? process.cwd();
    if (!existsSync(given) || !statSync(given).isDirectory()) throw new ValueError(`root ${given} is not a directory: give the folder of this machine's copy of the code`);
    const root = realpathSync(given);
    const deps = await loadDependencies();
    const redis = await openRedis(deps, endpoint);
    const subscriber = redis.duplicate();
    subscriber.on('error', () => {});
    redis.defineCommand('multiprocPushIfAlive', { numberOfKeys: 2, lua: PUSH_IF_ALIVE });
    redis.defineCommand('multiprocAttachIfAlive', { numberOfKeys: 2, lua: ATTACH_IF_ALIVE });
    const store = openStoreWith(deps.Redis, endpoint.connection, endpoint.prefix);
    setCurrentStore(store);
    shareStorePassword(endpoint.connection);
    const context: RunContext = { pool: new Pool(processes), processes, root, host: hostname() };
    const worker = new DistributedWorker(deps, redis, subscriber, new Keys(endpoint.prefix), context, concurrency, lockDuration, store);
    await worker.serve();
    return worker;
  }

  private async serve(): Promise<void> {
    await this.beat();
    this.timers.push(setInterval(() => void this.beat().catch(() => {}), HEARTBEAT_MS));
    this.subscriber.on('message', (_channel: string, message: string) => {
      if (message.startsWith('+')) void this.attach(message.slice(1));
      else if (message.startsWith('-')) void this.detach(message.slice(1));
    });
    await this.subscriber.subscribe(this.keys.poolsChannel);
    await this.rescan();
    // Announcements missed while Redis was away, and pools whose caller died, are found by looking again.
    this.timers.push(setInterval(() => void this.rescan().catch(() => {}), RESCAN_MS));
  }

  private beat(): Promise<void> {
    return writeHeartbeat(this.redis, this.keys, { id: this.id, host: this.host, pid: process.pid, processes: this.context.processes, busy: this.busy });
  }

  private async rescan(): Promise<void> {
    const pools = await this.redis.zrange(this.keys.pools, 0, -1);
    for (const id of pools) await this.attach(id);
    for (const id of this.attached.keys()) {
      if ((await this.redis.exists(this.keys.pool(id))) === 0) await this.detach(id);
    }
  }

  private async attach(poolId: string): Promise<void> {
    if (this.stopping !== null || this.attached.has(poolId) || !/^[0-9a-f]{16}$/.test(poolId)) return;
    this.attached.set(poolId, null as unknown as BullWorker); // claimed: a concurrent attach of the same pool stops here
    const added = await (this.redis as unknown as { multiprocAttachIfAlive(...args: string[]): Promise<number> })
      .multiprocAttachIfAlive(this.keys.pool(poolId), this.keys.poolWorkers(poolId), this.id);
    if (added === -1) {
      this.attached.delete(poolId);
      await this.removeDeadPool(poolId);
      return;
    }
    const worker = new this.deps.bullmq.Worker(this.keys.queueName(poolId), (job: Job) => this.process(poolId, job), {
      connection: this.redis,
      prefix: this.keys.prefix,
      concurrency: this.concurrency,
      lockDuration: this.lockDuration,
      stalledInterval: Math.max(500, Math.floor(this.lockDuration / 2)),
      // Losses are counted per pool (its `attempts`), by the processor: BullMQ must never fail a stalled job itself.
      maxStalledCount: 1_000_000,
      removeOnComplete: { count: 0 },
      removeOnFail: { count: 0 },
    });
    worker.on('error', () => {});
    this.attached.set(poolId, worker);
  }

  /**
   * A pool listed without its liveness key: its caller died without ending it (a pool that ends removes both at
   * once). Any worker that notices removes what it left; doing it twice is harmless.
   */
  private async removeDeadPool(poolId: string): Promise<void> {
    const queue = new this.deps.bullmq.Queue(this.keys.queueName(poolId), { connection: this.redis, prefix: this.keys.prefix });
    queue.on('error', () => {});
    try {
      await queue.obliterate({ force: true });
    } catch {
      // another worker is removing it at the same moment
    } finally {
      await queue.close().catch(() => {});
    }
    await this.redis.multi().del(this.keys.results(poolId), this.keys.poolWorkers(poolId)).zrem(this.keys.pools, poolId).exec();
  }

  private async detach(poolId: string): Promise<void> {
    const worker = this.attached.get(poolId);
    if (worker === undefined || worker === null) return;
    this.attached.delete(poolId);
    await worker.close(true).catch(() => {});
    await this.redis.srem(this.keys.poolWorkers(poolId), this.id).catch(() => {});
  }

  private async process(poolId: string, job: Job): Promise<void> {
    this.busy++;
    try {
      const data = readJobData(job.data);
      const losses = job.stalledCounter ?? 0;
      const outcomes = losses >= data.attempts ? lostJob(data, losses) : await runJob(this.context, data);
      await (this.redis as unknown as { multiprocPushIfAlive(...args: (string | Buffer)[]): Promise<number> })
        .multiprocPushIfAlive(this.keys.pool(poolId), this.keys.results(poolId), writeOutcomes(outcomes));
    } finally {
      this.busy--;
    }
  }

  /** Takes no new jobs, finishes the ones held (or, with `force`, hands them back at lock expiry), and leaves. */
  stop(force = false): Promise<void> {
    this.stopping ??= (async () => {
      for (const timer of this.timers) clearInterval(timer);
      await this.subscriber.quit().catch(() => this.subscriber.disconnect());
      await Promise.all([...this.attached].map(async ([poolId, worker]) => {
        await worker?.close(force).catch(() => {});
        await this.redis.srem(this.keys.poolWorkers(poolId), this.id).catch(() => {});
      }));
      this.attached.clear();
      await removeHeartbeat(this.redis, this.keys, this.id).catch(() => {});
      this.context.pool.terminate();
      await this.context.pool.join();
      setCurrentStore(null);
      await this.store.close();
      await this.redis.quit().catch(() => this.redis.disconnect());
    })();
    return this.stopping;
  }
}
