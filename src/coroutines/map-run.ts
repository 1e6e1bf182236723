// The engine behind Pool/Group map, imap and imapUnordered: reads input only when a slot is free (and the
// consumer's window allows), starts one greenlet per item, and reports results by input index.
import { Greenlet } from './greenlet.js';
import { kAdopt, kDequeue, kEnqueue, kIndex, kLink, kRelease, kRunNow, kTryAcquire, type SlotWaiter } from './internal.js';

/** Where a run delivers: each result with its input index, the first failure, and the end of the input. */
export interface MapSink<R> {
  result(index: number, value: R): void;
  error(error: unknown): void;
  end(count: number): void;
}

/** The slot operations a run needs from a Group or Pool. */
export interface SlotOwner {
  [kTryAcquire](): boolean;
  [kEnqueue](waiter: SlotWaiter): void;
  [kDequeue](waiter: SlotWaiter): void;
  [kRelease](): void;
  [kAdopt](greenlet: Greenlet<unknown>, linked?: boolean): void;
  discard(greenlet: Greenlet<unknown>): void;
}

/** Input of map/imap: anything iterable, sync or async. */
export type MapInput<T> = Iterable<T> | AsyncIterable<T>;

/** One map/imap call in progress over one group or pool. */
export class MapRun<T, R> implements SlotWaiter {
  #owner: SlotOwner;
  #fn: (item: T) => R | PromiseLike<R>;
  #iterator: Iterator<T> | AsyncIterator<T>;
  #sink: MapSink<R>;
  #mayPull: () => boolean;
  #running = new Set<Greenlet<R>>();
  #slots = 0;
  #nextIndex = 0;
  #inputDone = false;
  #stopped = false;
  #pulling = false;
  #pumping = false;
  #queued = false;
  #onDone = (greenlet: Greenlet<R>): void => this.#handleDone(greenlet);

  constructor(owner: SlotOwner, fn: (item: T) => R | PromiseLike<R>, input: MapInput<T>, sink: MapSink<R>, mayPull: () => boolean) {
    if (typeof fn !== 'function') throw new TypeError('map needs a function');
    this.#owner = owner;
    this.#fn = fn;
    this.#iterator = openIterator(input);
    this.#sink = sink;
    this.#mayPull = mayPull;
  }

  /** How many greenlets of this run are still running. */
  get inFlight(): number {
    return this.#running.size;
  }

  /** How many input items have been read so far. */
  get readCount(): number {
    return this.#nextIndex;
  }

  /** Starts as many items as slots and the window allow; safe to call at any time, even re-entrantly. */
  pump(): void {
    if (this.#pumping) return;
    this.#pumping = true;
    try {
      while (!this.#stopped && !this.#inputDone && !this.#pulling && this.#mayPull()) {
        if (this.#slots === 0) {
          if (this.#owner[kTryAcquire]()) this.#slots = 1;
          else {
            if (!this.#queued) {
              this.#queued = true;
              this.#owner[kEnqueue](this);
            }
            break;
          }
        }
        let step: IteratorResult<T> | Promise<IteratorResult<T>>;
        try {
          step = this.#iterator.next();
        } catch (error) {
          this.fail(error);
          break;
        }
        if (step instanceof Promise) {
          this.#pulling = true;
          step.then(
            (result) => {
              this.#pulling = false;
              this.#take(result);
              this.pump();
            },
            (error: unknown) => {
              this.#pulling = false;
              this.fail(error);
            },
          );
          break;
        }
        this.#take(step);
      }
    } finally {
      this.#pumping = false;
    }
  }

  /** SlotWaiter: the owner hands this run a slot. */
  grant(): void {
    this.#queued = false;
    this.#slots += 1;
    if (this.#stopped) this.#giveBackSlots();
    else this.pump();
  }

  /** SlotWaiter: the owner is being killed. */
  cancel(reason: unknown): void {
    this.#queued = false;
    this.fail(reason);
  }

  /** Stops with an error: no more input is read, running greenlets are killed, the sink hears of it once. */
  fail(error: unknown): void {
    if (this.#stopped) return;
    this.stop();
    this.#sink.error(error);
  }

  /** Stops quietly (the consumer went away): closes the input and kills what is still running. */
  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    if (this.#queued) {
      this.#queued = false;
      this.#owner[kDequeue](this);
    }
    this.#giveBackSlots();
    for (const greenlet of this.#running) void greenlet.kill({ block: false });
    if (!this.#inputDone) closeIterator(this.#iterator);
  }

  #take(step: IteratorResult<T>): void {
    if (this.#stopped) {
      this.#giveBackSlots();
      return;
    }
    if (step.done) {
      this.#inputDone = true;
      this.#giveBackSlots();
      if (this.#running.size === 0) this.#sink.end(this.#nextIndex);
      return;
    }
    this.#slots -= 1;
    const greenlet = new Greenlet<R>(this.#fn as (item: unknown) => R, step.value);
    greenlet[kIndex] = this.#nextIndex++;
    this.#running.add(greenlet);
    this.#owner[kAdopt](greenlet, false);
    greenlet[kLink](this.#onDone);
    greenlet[kRunNow]();
  }

  #handleDone(greenlet: Greenlet<R>): void {
    this.#running.delete(greenlet);
    this.#owner.discard(greenlet);
    if (this.#stopped) return;
    if (!greenlet.successful()) {
      this.fail(greenlet.exception);
      return;
    }
    this.#sink.result(greenlet[kIndex], greenlet.value as R);
    if (this.#inputDone) {
      if (this.#running.size === 0) this.#sink.end(this.#nextIndex);
    } else if (!this.#queued) {
      this.pump();
    }
  }

  #giveBackSlots(): void {
    while (this.#slots > 0) {
      this.#slots -= 1;
      this.#owner[kRelease]();
    }
  }
}

function openIterator<T>(input: MapInput<T>): Iterator<T> | AsyncIterator<T> {
  if (input !== null && typeof input === 'object' && Symbol.asyncIterator in input) return input[Symbol.asyncIterator]();
  if (input !== null && input !== undefined && typeof (input as Iterable<T>)[Symbol.iterator] === 'function') {
    return (input as Iterable<T>)[Symbol.iterator]();
  }
  throw new TypeError('map input must be iterable or async iterable');
}

function closeIterator(iterator: Iterator<unknown> | AsyncIterator<unknown>): void {
  try {
    const closing = iterator.return?.();
    if (closing instanceof Promise) closing.catch(() => {});
  } catch {
    // An input that fails to close has nothing more to give us anyway.
  }
}
