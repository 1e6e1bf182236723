// Python's multiprocessing.Pool: a fixed set of worker processes (or threads) fed chunks of work through their own
// pipes. The parent knows which chunks each worker holds, so a worker that dies fails exactly those, is replaced,
// and the pool goes on — where Python's pool hangs.
import { checkInteger, checkOptions } from '../validate.js';
import { ValueError } from '../errors.js';
import { referenceOf } from '../reference/locate.js';
import { cpuCount } from '../process/api.js';
import { startMethodContext } from '../process/start-method-context.js';
import { KEEP_ALIVE } from '../process/process.js';
import { collect } from './collect.js';
import { IMapIterator, type IMapOptions } from './imap.js';
import { ApplyJob, ListJob, terminatedError } from './list-job.js';
import { AsyncResult, MapResult, type ResultCallbacks } from './results.js';
import type { Job, Task } from './tasks.js';
import { PoolWorker, type WorkerSpec } from './workers.js';
import { defaultChunksize, validatePoolOptions, type PoolOptions, type WorkerContext } from './options.js';
import { warmUpInBackground } from './warm-up.js';
import { cancelOnAbort, signalOf, type CancelTarget } from './cancel.js';
import { abortReason, throwIfAborted } from '../time.js';

type State = 'run' | 'close' | 'terminate';

/** Options every submitting call accepts. */
export interface CallOptions {
  /** Cancels the call: it rejects with the signal's reason; its chunks not started are dropped, running ones stopped. */
  signal?: AbortSignal;
}

/** applyAsync()'s options: Python's callbacks, kwds and a signal. */
export interface ApplyOptions<R> extends ResultCallbacks<R>, CallOptions {
  kwds?: object;
}

/** apply()'s arguments after fn: args may be left out only when fn takes none; kwds only with the overload above. */
export type ApplyRest<A extends unknown[]> = [] extends A ? [args?: A, kwds?: undefined, options?: CallOptions] : [args: A, kwds?: undefined, options?: CallOptions];

/** applyAsync()'s arguments after fn, likewise. */
export type ApplyAsyncRest<A extends unknown[], R> = [] extends A
  ? [args?: A, options?: ApplyOptions<R> & { kwds?: undefined }]
  : [args: A, options?: ApplyOptions<R> & { kwds?: undefined }];

export interface MapOptions<R> extends ResultCallbacks<R[]>, CallOptions {
  chunksize?: number;
  /** Called in the parent as chunks finish: (items done, total). */
  progress?: (done: number, total: number) => void;
}

export class Pool {
  private state: State = 'run';
  /** Jobs with chunks still to hand out, oldest first from `head` (a queue without O(n) shifts). */
  private jobs: Job[] = [];
  private head = 0;
  /** Chunks a dead worker held but had not begun: handed out again before any other. */
  private returned: Task[] = [];
  private readonly workers = new Set<PoolWorker>();
  /** What a cancelled call may touch: the workers, and the way back in for other calls' chunks. */
  private readonly cancelTarget: CancelTarget = { workers: this.workers, resend: (tasks) => this.resend(tasks) };
  private readonly spec: WorkerSpec;
  private holdingLoop = false;
  readonly processes: number;

  constructor(options?: number | PoolOptions | null) {
    const { processes, initializer, initargs, maxtasksperchild, context } = validatePoolOptions(options, this.defaultContext());
    this.processes = processes ?? cpuCount();
    this.spec = {
      context,
      initializer: initializer === undefined ? null : referenceOf(initializer, 'initializer'),
      initargs: initargs ?? [],
      maxtasks: maxtasksperchild ?? null,
    };
    for (let i = 0; i < this.processes; i++) this.startWorker();
    // This thread waits for its workers to boot anyway: the codec warms up meanwhile (see warm-up.ts).
    warmUpInBackground();
  }

  /** The context used when none is given (ThreadPool overrides it). */
  protected defaultContext(): WorkerContext {
    return startMethodContext();
  }

  private startWorker(): void {
    const worker = new PoolWorker(this.spec, {
      onResult: (_, task, ok, value) => this.onResult(task, ok, value),
      onExit: (gone, unstarted) => this.onWorkerExit(gone, unstarted),
    });
    this.workers.add(worker);
    if (this.holdingLoop) worker.process[KEEP_ALIVE](true);
  }

  private onResult(task: Task, ok: boolean, value: unknown): void {
    task.job.settleChunk(task.chunk, ok, value);
    this.dispatch();
  }

  private onWorkerExit(worker: PoolWorker, unstarted: Task[]): void {
    this.workers.delete(worker);
    if (this.state !== 'terminate') this.returned.push(...unstarted);
    if (this.state !== 'terminate' && (this.state === 'run' || this.hasWork())) this.startWorker();
    this.dispatch();
  }

  private hasWork(): boolean {
    if (this.returned.length > 0) return true;
    while (this.head < this.jobs.length && this.jobs[this.head].exhausted) this.head++;
    if (this.head < this.jobs.length) return true;
    for (const worker of this.workers) if (worker.held.size > 0) return true;
    return false;
  }

  /** Hands ready chunks, in job order, each to the least loaded worker with room. */
  private dispatch(): void {
    for (;;) {
      let target: PoolWorker | null = null;
      for (const worker of this.workers) if (worker.hasRoom() && (target === null || worker.held.size < target.held.size)) target = worker;
      if (target === null) break;
      const task = this.nextTask();
      if (task === null) break;
      target.send(task);
    }
    const busy = this.hasWork();
    if (this.state === 'close' && !busy) for (const worker of this.workers) worker.stop();
    this.keepAlive(busy);
  }

  /** Workers are daemons, but while the pool owes results they hold the event loop (so awaiting them cannot end it). */
  private keepAlive(busy: boolean): void {
    if (busy === this.holdingLoop) return;
    this.holdingLoop = busy;
    for (const worker of this.workers) worker.process[KEEP_ALIVE](busy);
  }

  private nextTask(): Task | null {
    if (this.returned.length > 0) return this.returned.shift()!;
    for (let i = this.head; i < this.jobs.length; i++) {
      const job = this.jobs[i];
      const task = job.nextTask();
      if (task !== null) return task;
      // A job waiting on lazy input stays queued; exhausted ones leave from the front.
      if (job.exhausted && i === this.head) this.head++;
    }
    if (this.head > 1024 && this.head * 2 > this.jobs.length) {
      this.jobs = this.jobs.slice(this.head).filter((job) => !job.exhausted);
      this.head = 0;
    }
    return null;
  }

  private checkRunning(): void {
    if (this.state !== 'run') throw new ValueError('Pool not running');
  }

  /** Queues `job` (unless `signal` has aborted already: then it fails at once) and ties it to `signal`. */
  private submit(job: Job, signal: AbortSignal | undefined, settled: () => Promise<unknown>): void {
    if (signal?.aborted === true) {
      job.abort(abortReason(signal));
      return;
    }
    this.jobs.push(job);
    cancelOnAbort(this.cancelTarget, job, signal, settled());
    this.dispatch();
  }

  /** For a cancellation: chunks of other calls a stopped worker held go out again, first. */
  private resend(tasks: Task[]): void {
    this.returned.push(...tasks);
    this.dispatch();
  }

  /** Runs fn(...args, kwds?) in a worker; resolves with its result. args (and kwds) are checked against fn's parameters. */
  apply<A extends [] | unknown[], K extends object, R>(fn: (...args: [...A, K]) => R, args: A, kwds: K, options?: CallOptions): Promise<Awaited<R>>;
  apply<A extends [] | unknown[], R>(fn: (...args: A) => R, ...rest: ApplyRest<A>): Promise<Awaited<R>>;
  apply(fn: Function, args: unknown[] = [], kwds?: object, options: CallOptions = {}): Promise<unknown> {
    return this.submitApply(fn, args, { kwds, signal: options.signal }).get();
  }

  /** Like apply(), returning an AsyncResult at once; callbacks run in the parent, once. */
  applyAsync<A extends [] | unknown[], K extends object, R>(fn: (...args: [...A, K]) => R, args: A, options: ApplyOptions<Awaited<R>> & { kwds: K }): AsyncResult<Awaited<R>>;
  applyAsync<A extends [] | unknown[], R>(fn: (...args: A) => R, ...rest: ApplyAsyncRest<A, Awaited<R>>): AsyncResult<Awaited<R>>;
  applyAsync(fn: Function, args: unknown[] = [], options: ApplyOptions<unknown> = {}): AsyncResult<unknown> {
    return this.submitApply(fn, args, options);
  }

  private submitApply(fn: Function, args: unknown[], options: ApplyOptions<unknown>): AsyncResult<unknown> {
    this.checkRunning();
    referenceOf(fn);
    if (!Array.isArray(args)) throw new TypeError('args must be an array');
    checkOptions(options.kwds, 'kwds', '{ verbose: true } (it is passed to fn as its last argument)');
    const signal = signalOf(options);
    const result = new AsyncResult<unknown>(options);
    this.submit(new ApplyJob(fn, args, options.kwds, result as AsyncResult<unknown>), signal, () => result.wait());
    return result;
  }

  /** fn over every item, results in input order. The input may be an async iterable (it is read to the end first). */
  async map<T, R>(fn: (item: T) => R, iterable: Iterable<T> | AsyncIterable<T>, chunksize?: number | MapCallOptions): Promise<Awaited<R>[]> {
    const options = mapCallOptions(chunksize);
    const items = await collect(iterable);
    throwIfAborted(options.signal);
    return this.mapAsync(fn, items, options).get();
  }

  mapAsync<T, R>(fn: (item: T) => R, iterable: Iterable<T>, options: MapOptions<Awaited<R>> = {}): AsyncResult<Awaited<R>[]> {
    return this.mapJob(fn, Array.isArray(iterable) ? iterable : [...iterable], false, options);
  }

  /** fn(...args) for every argument array, results in input order. */
  async starmap<A extends [] | unknown[], R>(fn: (...args: A) => R, iterable: Iterable<A> | AsyncIterable<A>, chunksize?: number | MapCallOptions): Promise<Awaited<R>[]> {
    const options = mapCallOptions(chunksize);
    const items = await collect(iterable);
    throwIfAborted(options.signal);
    return this.starmapAsync(fn, items, options).get();
  }

  starmapAsync<A extends [] | unknown[], R>(fn: (...args: A) => R, iterable: Iterable<A>, options: MapOptions<Awaited<R>> = {}): AsyncResult<Awaited<R>[]> {
    return this.mapJob(fn, Array.isArray(iterable) ? iterable : [...iterable], true, options);
  }

  private mapJob<R>(fn: Function, items: unknown[], star: boolean, options: MapOptions<R>): AsyncResult<R[]> {
    this.checkRunning();
    referenceOf(fn);
    const chunksize = options.chunksize ?? defaultChunksize(items.length, this.processes);
    if (checkInteger(chunksize, 'chunksize', -Infinity) < 1) throw new ValueError('Chunksize must be 1+, not ' + chunksize);
    if (star && items.some((item) => !Array.isArray(item))) throw new TypeError('starmap() needs an iterable of argument arrays');
    const signal = signalOf(options);
    const chunks = Math.ceil(items.length / chunksize);
    const result = new MapResult<R>(chunks, options);
    const job = new ListJob(items, chunksize, result as MapResult<unknown>, { fn, star, progress: options.progress });
    if (chunks > 0 || signal?.aborted === true) this.submit(job, signal, () => result.wait());
    return result;
  }

  /** Results in input order as they come; the input is read lazily (an endless generator works). */
  imap<T, R>(fn: (item: T) => R, iterable: Iterable<T> | AsyncIterable<T>, chunksize: number | IMapOptions = 1): IMapIterator<Awaited<R>> {
    return this.imapJob(fn, iterable, true, chunksize);
  }

  /** Results in completion order; the input is read lazily. */
  imapUnordered<T, R>(fn: (item: T) => R, iterable: Iterable<T> | AsyncIterable<T>, chunksize: number | IMapOptions = 1): IMapIterator<Awaited<R>> {
    return this.imapJob(fn, iterable, false, chunksize);
  }

  private imapJob<R>(fn: Function, iterable: Iterable<unknown> | AsyncIterable<unknown>, ordered: boolean, chunksizeOrOptions: number | IMapOptions): IMapIterator<R> {
    this.checkRunning();
    referenceOf(fn);
    const options = typeof chunksizeOrOptions === 'number' ? { chunksize: chunksizeOrOptions } : (checkOptions(chunksizeOrOptions, 'imap() chunksize or options', '4 or { chunksize: 4 }') ?? {});
    const chunksize = options.chunksize ?? 1;
    if (checkInteger(chunksize, 'chunksize', -Infinity) < 1) throw new ValueError('Chunksize must be 1+, not ' + chunksize);
    const signal = signalOf(options);
    const iterator = new IMapIterator<R>(iterable, fn, false, chunksize, ordered, 4 * this.processes + 4, () => this.dispatch(), options.progress);
    this.submit(iterator, signal, () => iterator.whenFinished());
    return iterator;
  }

  /** No more submissions; workers exit once the submitted work is done. */
  close(): void {
    if (this.state === 'run') this.state = 'close';
    this.dispatch();
  }

  /** Stops the workers now; work not finished rejects with WorkerLostError. */
  terminate(): void {
    if (this.state === 'terminate') return;
    this.state = 'terminate';
    const error = terminatedError();
    for (const job of this.jobs.slice(this.head)) job.abort(error);
    for (const task of this.returned) task.job.abort(error);
    this.returned = [];
    this.jobs = [];
    this.head = 0;
    for (const worker of this.workers) {
      for (const task of worker.held.values()) task.job.abort(error);
      worker.held.clear();
      worker.process.terminate();
    }
  }

  /** Waits for the workers to exit; call close() or terminate() first. */
  join(): Promise<void> {
    if (this.state === 'run') throw new ValueError('Pool is still running');
    return this.workersGone();
  }

  private async workersGone(): Promise<void> {
    // Process.join() keeps this process alive while it waits (pool workers are daemons); replacements started
    // meanwhile (a death while closing with work left) are waited for too.
    while (this.workers.size > 0) await Promise.all([...this.workers].map((worker) => worker.process.join().then(() => worker.gone)));
  }

  /** Python's `with Pool() as pool:` — leaving terminates the pool. */
  async [Symbol.asyncDispose](): Promise<void> {
    this.terminate();
    await this.join();
  }

  toString(): string {
    return `<multiproc.pool.${this.constructor.name} state=${this.state.toUpperCase()} pool_size=${this.processes}>`;
  }
}

/** map()/starmap()'s third argument: a chunk size (SPEC) or, to add a signal, options. */
export interface MapCallOptions extends CallOptions {
  chunksize?: number;
}

function mapCallOptions(chunksize: number | MapCallOptions | undefined): MapCallOptions {
  // Anything but an options object is a chunksize, checked (and refused if it is no integer) where chunks are made.
  if (chunksize === null || typeof chunksize !== 'object') return { chunksize: chunksize ?? undefined };
  return { chunksize: chunksize.chunksize, signal: signalOf(chunksize) };
}

