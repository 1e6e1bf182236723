// Jobs whose chunks are all known at submission: map/starmap (a list of chunks) and apply (one call).
import { WorkerLostError } from '../errors.js';
import type { AsyncResult, MapResult } from './results.js';
import { chunked, encodeArgs, encodeChunk, nextJobId, type Job, type Task } from './tasks.js';

export interface ListJobOptions {
  fn: Function;
  star: boolean;
  kwds?: object;
  progress?: (done: number, total: number) => void;
}

export class ListJob implements Job {
  readonly id = nextJobId();
  private readonly tasks: Task[];
  private nextChunk = 0;
  private itemsDone = 0;

  constructor(
    items: readonly unknown[],
    chunksize: number,
    private readonly result: MapResult<unknown>,
    private readonly options: ListJobOptions,
  ) {
    this.tasks = chunked(items, chunksize).map((chunk, index) => ({
      job: this,
      chunk: index,
      fn: options.fn,
      star: options.star,
      payload: encodeChunk(chunk, options.kwds, index * chunksize, 'iterable'),
    }));
    this.chunkLengths = this.tasks.map((_, index) => Math.min(chunksize, items.length - index * chunksize));
    this.total = items.length;
  }

  private readonly chunkLengths: number[];
  private readonly total: number;

  get exhausted(): boolean {
    return this.nextChunk >= this.tasks.length;
  }

  nextTask(): Task | null {
    return this.nextChunk < this.tasks.length ? this.tasks[this.nextChunk++] : null;
  }

  settleChunk(chunk: number, ok: boolean, value: unknown): void {
    this.result.settleChunk(chunk, ok, value);
    this.itemsDone += this.chunkLengths[chunk];
    this.options.progress?.(this.itemsDone, this.total);
  }

  abort(error: unknown): void {
    this.nextChunk = this.tasks.length;
    this.result.abort(error);
  }
}

/** apply()/applyAsync(): one call whose result is the job's result. Lean: the pool may take tens of thousands a second. */
export class ApplyJob implements Job {
  readonly id = nextJobId();
  private task: Task | null;

  constructor(fn: Function, args: unknown[], kwds: object | undefined, private readonly result: AsyncResult<unknown>) {
    this.task = { job: this, chunk: 0, fn, star: true, payload: encodeArgs(args, kwds) };
  }

  get exhausted(): boolean {
    return this.task === null;
  }

  nextTask(): Task | null {
    const task = this.task;
    this.task = null;
    return task;
  }

  settleChunk(_chunk: number, ok: boolean, value: unknown): void {
    this.result.settle(ok, ok ? (value as unknown[])[0] : value);
  }

  abort(error: unknown): void {
    this.task = null;
    this.result.settle(false, error);
  }
}

export const terminatedError = () => new WorkerLostError('the pool was terminated before this task finished');
