// Python's imap/imap_unordered as an async iterator that reads its input lazily: chunks are taken from the iterable
// only while fewer than `readAhead` chunks are handed out but not yet consumed, so an endless generator works.
import { TimeoutError } from '../errors.js';
import { deadlineOf, isPast, raceTimeout, remaining, throwIfAborted, TIMED_OUT, waitArguments, type WaitOptions } from '../time.js';
import { encodeChunk, nextJobId, type Job, type Task } from './tasks.js';

export interface IMapOptions {
  chunksize?: number;
  /** Cancels the call: the next next() rejects with the signal's reason, then the iterator is done. */
  signal?: AbortSignal;
  /** Called with (items done, total) — total is undefined until the input has ended. */
  progress?: (done: number, total: number | undefined) => void;
}

interface Outcome {
  ok: boolean;
  value: unknown;
}

export class IMapIterator<R> implements AsyncIterableIterator<R>, Job {
  readonly id = nextJobId();
  private readonly sync: Iterator<unknown> | null;
  private readonly async: AsyncIterator<unknown> | null;
  private inputDone = false;
  private pulling = false;
  private produced = 0;
  private delivered = 0;
  private itemsDone = 0;
  private itemsRead = 0;
  private readonly ready: Task[] = [];
  private readonly outcomes = new Map<number, Outcome>();
  private readonly completed: number[] = [];
  private nextInOrder = 0;
  private readonly buffered: Outcome[] = [];
  private changed: (() => void) | null = null;
  private closed = false;
  private finishWaiters: (() => void)[] = [];

  constructor(
    source: Iterable<unknown> | AsyncIterable<unknown>,
    private readonly fn: Function,
    private readonly star: boolean,
    private readonly chunksize: number,
    private readonly ordered: boolean,
    private readonly readAhead: number,
    private readonly wakePool: () => void,
    private readonly progress?: IMapOptions['progress'],
  ) {
    if (source !== null && typeof (source as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
      this.async = (source as AsyncIterable<unknown>)[Symbol.asyncIterator]();
      this.sync = null;
    } else if (source !== null && typeof (source as Iterable<unknown>)[Symbol.iterator] === 'function') {
      this.sync = (source as Iterable<unknown>)[Symbol.iterator]();
      this.async = null;
    } else {
      throw new TypeError('imap() needs an iterable or an async iterable');
    }
  }

  get exhausted(): boolean {
    return this.closed || (this.inputDone && this.ready.length === 0);
  }

  /** Chunks handed out or done but not yet taken by the consumer stay under `readAhead`: a consumer slower than the
   * workers holds the input back too. */
  private mayProduce(): boolean {
    const untaken = this.produced - this.delivered + Math.ceil(this.buffered.length / this.chunksize);
    return !this.inputDone && !this.closed && untaken < this.readAhead;
  }

  private addChunk(items: unknown[]): void {
    const chunk = this.produced++;
    this.itemsRead += items.length;
    try {
      this.ready.push({ job: this, chunk, fn: this.fn, star: this.star, payload: encodeChunk(items, undefined, chunk * this.chunksize, 'iterable') });
    } catch (error) {
      this.finishInput(error);
    }
  }

  /** The input ended (or threw `error`, which is then reported in its place). */
  private finishInput(error?: unknown): void {
    if (this.inputDone) return;
    this.inputDone = true;
    if (error !== undefined) this.settleChunk(this.produced++, false, error);
    this.notify();
  }

  private pullSync(): void {
    const items: unknown[] = [];
    try {
      while (items.length < this.chunksize) {
        const step = this.sync!.next();
        if (step.done) break;
        items.push(step.value);
      }
    } catch (error) {
      if (items.length > 0) this.addChunk(items);
      this.finishInput(error);
      return;
    }
    if (items.length > 0) this.addChunk(items);
    if (items.length < this.chunksize) this.finishInput();
  }

  private async pullAsync(): Promise<void> {
    if (this.pulling) return;
    this.pulling = true;
    try {
      while (this.mayProduce()) {
        const items: unknown[] = [];
        let ended = false;
        try {
          while (items.length < this.chunksize) {
            const step = await this.async!.next();
            if (step.done) {
              ended = true;
              break;
            }
            items.push(step.value);
          }
        } catch (error) {
          if (items.length > 0) this.addChunk(items);
          this.finishInput(error);
          break;
        }
        if (items.length > 0) this.addChunk(items);
        if (ended) this.finishInput();
        this.wakePool();
      }
    } finally {
      this.pulling = false;
    }
  }

  nextTask(): Task | null {
    if (this.ready.length === 0 && this.mayProduce()) {
      if (this.sync !== null) this.pullSync();
      else void this.pullAsync();
    }
    return this.closed ? null : (this.ready.shift() ?? null);
  }

  settleChunk(chunk: number, ok: boolean, value: unknown): void {
    if (this.closed) return;
    this.outcomes.set(chunk, { ok, value });
    this.completed.push(chunk);
    if (ok) this.itemsDone += (value as unknown[]).length;
    this.progress?.(this.itemsDone, this.inputDone ? this.itemsRead : undefined);
    this.collect();
    this.notify();
  }

  /** Ends the iterator: the next next() rejects with `error` (results not yet taken are dropped), later ones are done. */
  abort(error: unknown): void {
    if (this.closed) return;
    this.closed = true;
    this.inputDone = true;
    this.ready.length = 0;
    this.outcomes.clear();
    this.buffered.length = 0;
    this.buffered.push({ ok: false, value: error });
    this.closeInput();
    this.notify();
  }

  /** Lets the input clean up (a generator's finally blocks run); its own failures do not matter any more. */
  private closeInput(): void {
    try {
      this.sync?.return?.();
    } catch {
      // nothing more is read from it anyway
    }
    void Promise.resolve()
      .then(() => this.async?.return?.())
      .catch(() => {});
  }

  /** Resolves once the iterator will produce nothing more (finished, closed or aborted). */
  whenFinished(): Promise<void> {
    if (this.closed || this.finished()) return Promise.resolve();
    return new Promise<void>((resolve) => this.finishWaiters.push(resolve));
  }

  /** Moves finished chunks into the yield buffer, in input order or in completion order. */
  private collect(): void {
    for (;;) {
      const chunk = this.ordered ? this.nextInOrder : this.completed[0];
      const outcome = chunk === undefined ? undefined : this.outcomes.get(chunk);
      if (outcome === undefined) return;
      this.outcomes.delete(chunk);
      if (this.ordered) this.nextInOrder++;
      else this.completed.shift();
      this.delivered++;
      if (outcome.ok) for (const value of outcome.value as unknown[]) this.buffered.push({ ok: true, value });
      else this.buffered.push(outcome);
    }
  }

  private notify(): void {
    const wake = this.changed;
    this.changed = null;
    wake?.();
    if (this.finishWaiters.length > 0 && (this.closed || this.finished())) for (const resolve of this.finishWaiters.splice(0)) resolve();
  }

  private finished(): boolean {
    return this.inputDone && this.ready.length === 0 && this.delivered >= this.produced && this.buffered.length === 0;
  }

  /**
   * The next result (rejects with the task's error in its place); TimeoutError after `timeout` ms without one.
   * `next(timeout)` or `next({ timeout, signal })`: an abort rejects with the signal's reason and loses no result.
   */
  async next(timeoutOrOptions?: number | null | WaitOptions): Promise<IteratorResult<R>> {
    const { timeout, signal } = waitArguments(timeoutOrOptions);
    const deadline = deadlineOf(timeout);
    throwIfAborted(signal);
    for (;;) {
      const outcome = this.buffered.shift();
      if (outcome !== undefined) {
        this.wakePool();
        if (!outcome.ok) throw outcome.value;
        return { done: false, value: outcome.value as R };
      }
      if (this.closed || this.finished()) return { done: true, value: undefined };
      this.wakePool();
      const changed = new Promise<void>((resolve) => (this.changed = resolve));
      if (isPast(deadline) || (await raceTimeout(changed, remaining(deadline), { signal })) === TIMED_OUT) throw new TimeoutError();
    }
  }

  /** Stops reading the input (breaking out of for await); work in flight finishes and is dropped. */
  async return(): Promise<IteratorResult<R>> {
    if (!this.closed) {
      this.closed = true;
      this.ready.length = 0;
      this.buffered.length = 0;
      try {
        this.sync?.return?.();
        await this.async?.return?.();
      } catch {
        // the input's own clean-up failed; nothing more to read anyway
      }
      this.notify();
    }
    return { done: true, value: undefined };
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
