// cluster.Pool(): the local Pool's API over BullMQ. Jobs (map, apply, imap) hand out chunks exactly as in the local
// pool; chunks taken in the same tick are packed into BullMQ jobs (several small ones per job, so thousands of
// applyAsync calls cost tens of jobs) and added in bulk; workers push each job's outcomes to the pool's results list,
// which one blocking connection drains. A chunk's outcome is delivered once: a repeat (a chunk run twice after its
// worker was lost) finds its id already settled and is dropped.
import { randomBytes } from 'node:crypto';
import { ValueError } from '../errors.js';
import { IMapIterator, type IMapOptions } from '../pool/imap.js';
import { ApplyJob, ListJob, terminatedError } from '../pool/list-job.js';
import { defaultChunksize } from '../pool/options.js';
import { AsyncResult, MapResult, type ResultCallbacks } from '../pool/results.js';
import type { Job, Task } from '../pool/tasks.js';
import type { MapOptions } from '../pool/pool.js';
import type { Cluster } from './cluster.js';
import { collect } from '../pool/collect.js';
import { deliverOutcomes } from './outcomes.js';
import { PoolLink } from './pool-link.js';
import { packTasks } from './pack-tasks.js';
import { portableReferenceOf } from './target-ref.js';

export interface DistributedPoolOptions {
  /** Times a chunk may lose its worker (killed, machine gone) before its items reject with WorkerLostError (default 3). */
  attempts?: number;
}

type State = 'run' | 'close' | 'terminate';
type Target = (...args: any[]) => unknown;

/** Assumed worker processes until the first look at the live workers answers. */
const DEFAULT_CAPACITY = 4;
const CAPACITY_REFRESH_MS = 5000;
/** How long ending a pool waits for Redis to remove its keys. */
const END_WAIT_MS = 30_000;

export class DistributedPool {
  readonly id = randomBytes(8).toString('hex');
  private state: State = 'run';
  private jobs: Job[] = [];
  private head = 0;
  private readonly inFlight = new Map<number, Task>();
  private outbox: Task[] = [];
  private flushScheduled = false;
  private nextTaskId = 1;
  private pumping = false;
  /** The bulk add under way, which the end of the pool waits for (so no job lands in a queue already removed). */
  private adding: Promise<void> = Promise.resolve();
  private capacity = DEFAULT_CAPACITY;
  private capacityRead = 0;
  private readonly link: PoolLink;
  private readonly attempts: number;
  private ending: Promise<void> | null = null;
  private markFinished!: () => void;
  private readonly finished = new Promise<void>((resolve) => (this.markFinished = resolve));

  constructor(private readonly cluster: Cluster, options: DistributedPoolOptions) {
    if (options === null || typeof options !== 'object') throw new TypeError('Pool options must be an object: cluster.Pool({ attempts: 3 })');
    const { attempts = 3 } = options;
    if (!Number.isInteger(attempts) || attempts < 1 || attempts > 100) throw new ValueError('attempts must be a whole number from 1 to 100');
    this.attempts = attempts;
    this.link = new PoolLink(cluster, this.id);
    void this.refreshCapacity();
  }

  /** Resolves once the pool has ended and its keys are gone. */
  whenFinished(): Promise<void> {
    return this.finished;
  }

  private async refreshCapacity(): Promise<void> {
    this.capacityRead = Date.now();
    try {
      const workers = await this.cluster.workers();
      const processes = workers.reduce((sum, worker) => sum + worker.processes, 0);
      if (processes > 0) this.capacity = processes;
    } catch {
      // keep the last figure: chunk sizes only need to be about right
    }
  }

  private checkRunning(): void {
    if (this.state !== 'run') throw new ValueError('Pool not running');
  }

  private submit(job: Job): void {
    if (Date.now() - this.capacityRead > CAPACITY_REFRESH_MS) void this.refreshCapacity();
    this.jobs.push(job);
    this.dispatch();
  }

  private hasWork(): boolean {
    while (this.head < this.jobs.length && this.jobs[this.head].exhausted) this.head++;
    return this.head < this.jobs.length || this.inFlight.size > 0 || this.outbox.length > 0;
  }

  /** Takes every chunk that is ready now into the outbox; they leave together on the next turn of the event loop. */
  private dispatch(): void {
    if (this.state === 'terminate') return;
    while (this.head < this.jobs.length && this.jobs[this.head].exhausted) this.head++;
    for (let i = this.head; i < this.jobs.length; i++) {
      const job = this.jobs[i];
      for (let task = job.nextTask(); task !== null; task = job.nextTask()) this.outbox.push(task);
    }
    if (this.head > 1024) {
      this.jobs = this.jobs.slice(this.head).filter((job) => !job.exhausted);
      this.head = 0;
    }
    if (this.outbox.length > 0 && !this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => void this.flush());
    }
    if (this.state === 'close' && !this.hasWork()) void this.end();
  }

  private async flush(): Promise<void> {
    this.flushScheduled = false;
    const tasks = this.outbox;
    this.outbox = [];
    if (this.state === 'terminate' || tasks.length === 0) return;
    const ids = tasks.map((task) => {
      const id = this.nextTaskId++;
      this.inFlight.set(id, task);
      return id;
    });
    const { jobs, refused } = packTasks(tasks, ids, { pool: this.id, attempts: this.attempts, capacity: this.capacity });
    for (const [id, error] of refused) this.settle(id, false, error);
    try {
      await this.link.registered;
      const added = this.link.queue.addBulk(jobs.map((data) => ({ name: 'chunk', data, opts: { removeOnComplete: true, removeOnFail: true } })));
      this.adding = added.then(() => {}, () => {});
      await added;
    } catch (error) {
      for (const data of jobs) for (const [id] of data.tasks) this.settle(id, false, error);
      return;
    }
    void this.pump();
  }

  private settle(id: number, ok: boolean, value: unknown): void {
    const task = this.inFlight.get(id);
    if (task === undefined) return; // already delivered (a chunk that ran twice) or the pool was terminated
    this.inFlight.delete(id);
    task.job.settleChunk(task.chunk, ok, value);
  }

  /** Drains the results list while outcomes are owed. */
  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    const key = this.link.keys.results(this.id);
    try {
      while (this.inFlight.size > 0 && this.state !== 'terminate') {
        let messages: Buffer[];
        try {
          const popped = await this.link.blocking.blpopBuffer(key, 1);
          if (popped === null) continue;
          messages = [popped[1], ...((await this.link.blocking.lpopBuffer(key, 1024)) ?? [])];
        } catch {
          if ((this.state as State) === 'terminate') break;
          await new Promise((resolve) => setTimeout(resolve, 100));
          continue;
        }
        for (const message of messages) await this.receive(message);
        this.dispatch();
      }
    } finally {
      this.pumping = false;
    }
    this.dispatch();
  }

  private async receive(message: Buffer): Promise<void> {
    await deliverOutcomes(message, (id) => this.inFlight.get(id)?.fn, (id, ok, value) => this.settle(id, ok, value));
  }

  /** Runs fn(...args, kwds?) on a worker; resolves with its result. */
  apply<R>(fn: (...args: any[]) => R | Promise<R>, args: unknown[] = [], kwds?: object): Promise<Awaited<R>> {
    return this.applyAsync(fn, args, { kwds }).get();
  }

  applyAsync<R>(fn: (...args: any[]) => R | Promise<R>, args: unknown[] = [], options: ResultCallbacks<Awaited<R>> & { kwds?: object } = {}): AsyncResult<Awaited<R>> {
    this.checkRunning();
    portableReferenceOf(fn);
    if (!Array.isArray(args)) throw new TypeError('args must be an array');
    const result = new AsyncResult<Awaited<R>>(options);
    this.submit(new ApplyJob(fn, args, options.kwds, result as AsyncResult<unknown>));
    return result;
  }

  /** fn over every item, results in input order (an async iterable is read to the end first). */
  async map<T, R>(fn: (item: T) => R | Promise<R>, iterable: Iterable<T> | AsyncIterable<T>, chunksize?: number): Promise<Awaited<R>[]> {
    return this.mapAsync(fn, await collect(iterable), { chunksize }).get();
  }

  mapAsync<T, R>(fn: (item: T) => R | Promise<R>, iterable: Iterable<T>, options: MapOptions<Awaited<R>> = {}): AsyncResult<Awaited<R>[]> {
    return this.mapJob(fn, Array.isArray(iterable) ? iterable : [...iterable], false, options);
  }

  async starmap<R>(fn: (...args: any[]) => R | Promise<R>, iterable: Iterable<unknown[]> | AsyncIterable<unknown[]>, chunksize?: number): Promise<Awaited<R>[]> {
    return this.starmapAsync(fn, await collect(iterable), { chunksize }).get();
  }

  starmapAsync<R>(fn: (...args: any[]) => R | Promise<R>, iterable: Iterable<unknown[]>, options: MapOptions<Awaited<R>> = {}): AsyncResult<Awaited<R>[]> {
    return this.mapJob(fn, Array.isArray(iterable) ? iterable : [...iterable], true, options);
  }

  private mapJob<R>(fn: Target, items: unknown[], star: boolean, options: MapOptions<R>): AsyncResult<R[]> {
    this.checkRunning();
    portableReferenceOf(fn);
    const chunksize = options.chunksize ?? defaultChunksize(items.length, this.capacity);
    if (!Number.isInteger(chunksize) || chunksize < 1) throw new ValueError('Chunksize must be 1+, not ' + chunksize);
    if (star && items.some((item) => !Array.isArray(item))) throw new TypeError('starmap() needs an iterable of argument arrays');
    const chunks = Math.ceil(items.length / chunksize);
    const result = new MapResult<R>(chunks, options);
    if (chunks > 0) this.submit(new ListJob(items, chunksize, result as MapResult<unknown>, { fn, star, progress: options.progress }));
    return result;
  }

  /** Results in input order as they come; the input is read lazily, with a bounded number of chunks in flight. */
  imap<T, R>(fn: (item: T) => R | Promise<R>, iterable: Iterable<T> | AsyncIterable<T>, chunksize: number | IMapOptions = 1): IMapIterator<Awaited<R>> {
    return this.imapJob(fn, iterable, true, chunksize);
  }

  /** Results in completion order; the input is read lazily. */
  imapUnordered<T, R>(fn: (item: T) => R | Promise<R>, iterable: Iterable<T> | AsyncIterable<T>, chunksize: number | IMapOptions = 1): IMapIterator<Awaited<R>> {
    return this.imapJob(fn, iterable, false, chunksize);
  }

  private imapJob<R>(fn: Target, iterable: Iterable<unknown> | AsyncIterable<unknown>, ordered: boolean, chunksizeOrOptions: number | IMapOptions): IMapIterator<R> {
    this.checkRunning();
    portableReferenceOf(fn);
    const options = typeof chunksizeOrOptions === 'number' ? { chunksize: chunksizeOrOptions } : chunksizeOrOptions;
    const chunksize = options.chunksize ?? 1;
    if (!Number.isInteger(chunksize) || chunksize < 1) throw new ValueError('Chunksize must be 1+, not ' + chunksize);
    const readAhead = 4 * this.capacity + 4;
    const iterator = new IMapIterator<R>(iterable, fn, false, chunksize, ordered, readAhead, () => this.dispatch(), options.progress);
    this.submit(iterator);
    return iterator;
  }

  /** No more submissions; the pool ends (and removes its keys) once the submitted work is done. */
  close(): void {
    if (this.state === 'run') this.state = 'close';
    this.dispatch();
  }

  /** Ends now: work not finished rejects with WorkerLostError, waiting jobs are removed from Redis. */
  terminate(): void {
    if (this.state === 'terminate') return;
    this.state = 'terminate';
    const error = terminatedError();
    for (const job of this.jobs.slice(this.head)) job.abort(error);
    for (const task of this.inFlight.values()) task.job.abort(error);
    this.jobs = [];
    this.head = 0;
    this.inFlight.clear();
    this.outbox = [];
    void this.end();
  }

  private end(): Promise<void> {
    if (this.ending !== null) return this.ending;
    // With Redis gone for good the removal would wait forever (commands wait for a reconnection): join() gives up on
    // it after END_WAIT_MS rather than hang; the pool's liveness key still expires, so workers let go of it.
    const removed = this.adding.then(() => this.link.remove()).catch(() => {});
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<void>((resolve) => (timer = setTimeout(resolve, END_WAIT_MS)));
    this.ending = Promise.race([removed, gaveUp]).then(() => {
      clearTimeout(timer);
      this.link.blocking.disconnect();
      this.markFinished();
    });
    return this.ending;
  }

  /** Waits until the pool has ended and left nothing in Redis; call close() or terminate() first. */
  join(): Promise<void> {
    if (this.state === 'run') throw new ValueError('Pool is still running');
    return this.finished;
  }

  /** `await using pool = cluster.Pool()` — leaving terminates the pool, as Python's `with Pool()`. */
  async [Symbol.asyncDispose](): Promise<void> {
    this.terminate();
    await this.join();
  }

  toString(): string {
    return `<multiproc.distributed.Pool state=${this.state.toUpperCase()} id=${this.id}>`;
  }
}
