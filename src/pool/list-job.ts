// A job whose chunks are all known at submission: apply (one chunk of one call) and map/starmap.
import { WorkerLostError } from '../errors.js';
import type { AsyncResult, MapResult } from './results.js';
import { chunked, encodeChunk, nextJobId, type Job, type Task } from './tasks.js';

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
    private readonly result: MapResult<unknown> | AsyncResult<unknown>,
    private readonly options: ListJobOptions,
    /** apply(): one call whose single result is the job's result (not an array). */
    private readonly single = false,
  ) {
    this.tasks = chunked(items, chunksize).map((chunk, index) => ({
      job: this,
      chunk: index,
      fn: options.fn,
      star: options.star,
      payload: encodeChunk(chunk, options.kwds, index * chunksize, single ? 'args' : 'iterable'),
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
    if (this.single) {
      this.result.settle(ok, ok ? (value as unknown[])[0] : value);
    } else {
      (this.result as MapResult<unknown>).settleChunk(chunk, ok, value);
    }
    this.itemsDone += this.chunkLengths[chunk];
    this.options.progress?.(this.itemsDone, this.total);
  }

  abort(error: Error): void {
    this.nextChunk = this.tasks.length;
    if (this.single) this.result.settle(false, error);
    else (this.result as MapResult<unknown>).abort(error);
  }
}

export const terminatedError = () => new WorkerLostError('the pool was terminated before this task finished');
