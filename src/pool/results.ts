// Python's AsyncResult and MapResult: a value that arrives later, with get(timeout), wait(timeout), ready() and
// successful(); callbacks run once, in the parent. A failure nobody asks for never becomes an unhandled rejection.
import { TimeoutError, ValueError } from '../errors.js';
import { abortReason, normalizeTimeout, raceTimeout, waitArguments, type WaitOptions } from '../time.js';

export interface ResultCallbacks<R> {
  callback?: (result: R) => void;
  errorCallback?: (error: Error) => void;
}

export class AsyncResult<R = unknown> {
  #settled = false;
  #ok = false;
  #value: unknown;
  // Made only when someone waits: a pool settles tens of thousands of results a second.
  #done: Promise<void> | null = null;
  #markDone: (() => void) | null = null;

  constructor(private readonly callbacks: ResultCallbacks<R> = {}) {}

  private done(): Promise<void> {
    if (this.#settled) return Promise.resolve();
    this.#done ??= new Promise<void>((resolve) => (this.#markDone = resolve));
    return this.#done;
  }

  /** Settles once; later calls are ignored. Called by the pool. */
  settle(ok: boolean, value: unknown): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#ok = ok;
    this.#value = value;
    this.#markDone?.();
    try {
      if (ok) this.callbacks.callback?.(value as R);
      else this.callbacks.errorCallback?.(value as Error);
    } catch (error) {
      // Python's result handler reports a failing callback and goes on.
      process.stderr.write(`multiproc: a pool callback failed: ${(error as Error)?.stack ?? String(error)}\n`);
    }
  }

  /**
   * The result; rejects with the task's error, or TimeoutError after `timeout` ms. `get(timeout)` or
   * `get({ timeout, signal })`: an abort rejects with the signal's reason (the task itself goes on).
   */
  get(timeoutOrOptions?: number | null | WaitOptions): Promise<R> {
    const { timeout, signal } = waitArguments(timeoutOrOptions);
    normalizeTimeout(timeout); // a bad timeout is refused at the call, as Python raises
    if (signal?.aborted === true) return Promise.reject(abortReason(signal));
    if (this.#settled) return this.outcome();
    return this.wait(timeoutOrOptions).then(() => (this.#settled ? this.outcome() : Promise.reject(new TimeoutError())));
  }

  private outcome(): Promise<R> {
    return this.#ok ? Promise.resolve(this.#value as R) : Promise.reject(this.#value);
  }

  /** Resolves when the result is ready, or after `timeout` ms; `wait({ timeout, signal })` rejects on abort. */
  async wait(timeoutOrOptions?: number | null | WaitOptions): Promise<void> {
    const { timeout, signal } = waitArguments(timeoutOrOptions);
    const timeoutMs = normalizeTimeout(timeout);
    if (signal?.aborted === true) throw abortReason(signal);
    if (this.#settled) return;
    await raceTimeout(this.done(), timeoutMs, { signal });
  }

  ready(): boolean {
    return this.#settled;
  }

  /** Whether the task succeeded; ValueError before it is ready. */
  successful(): boolean {
    if (!this.#settled) throw new ValueError(`${this} not ready`);
    return this.#ok;
  }

  toString(): string {
    return '<multiproc.pool.AsyncResult>';
  }
}

/** The result of map/starmap: the chunks' results in order; the first error wins, reported once every chunk is done. */
export class MapResult<R> extends AsyncResult<R[]> {
  /** Each chunk's results as they came, joined once all are in: copying each into place in one array made for the
   * whole list cost twice as long (an array that large starts with slow elements), and handed the caller that array. */
  private readonly chunks: R[][];
  private remaining: number;
  private firstError: unknown = undefined;
  private failed = false;

  constructor(chunks: number, callbacks: ResultCallbacks<R[]> = {}) {
    super(callbacks);
    this.chunks = new Array<R[]>(chunks);
    this.remaining = chunks;
    if (chunks === 0) this.settle(true, []);
  }

  /** Fails the whole result at once (the pool was terminated). */
  abort(error: unknown): void {
    this.remaining = 0;
    this.settle(false, error);
  }

  /** Records one chunk's outcome. */
  settleChunk(chunk: number, ok: boolean, value: unknown): void {
    if (ok) this.chunks[chunk] = value as R[];
    else if (!this.failed) {
      this.failed = true;
      this.firstError = value;
    }
    if (this.remaining > 0 && --this.remaining === 0) this.settle(!this.failed, this.failed ? this.firstError : joined(this.chunks));
  }
}

/** Chunks passed to one concat() at most (each is an argument; a list of single-item chunks may have millions). */
const CONCAT_BATCH = 1024;

function joined<R>(chunks: R[][]): R[] {
  if (chunks.length === 1) return chunks[0];
  if (chunks.length <= CONCAT_BATCH) return ([] as R[]).concat(...chunks);
  const out: R[] = [];
  for (const chunk of chunks) for (let i = 0; i < chunk.length; i++) out.push(chunk[i]);
  return out;
}
