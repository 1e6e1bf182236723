// The results side of map/imap/imapUnordered: a promise of all results in input order, or an async iterator
// that hands results out (in order, or as they finish) and lets the run read ahead only `maxsize` items.
import { MapRun, type MapInput, type MapSink, type SlotOwner } from './map-run.js';

/** Runs `fn` over `input` and resolves with every result in input order; rejects with the first failure. */
export function mapAll<T, R>(owner: SlotOwner, fn: (item: T) => R | PromiseLike<R>, input: MapInput<T>): Promise<R[]> {
  return new Promise<R[]>((resolve, reject) => {
    const results: R[] = [];
    const sink: MapSink<R> = {
      result: (index, value) => {
        results[index] = value;
      },
      error: reject,
      end: () => resolve(results),
    };
    new MapRun(owner, fn, input, sink, alwaysTrue).pump();
  });
}

function alwaysTrue(): boolean {
  return true;
}

interface PendingNext<R> {
  resolve(result: IteratorResult<R>): void;
  reject(error: unknown): void;
}

/** The async iterator imap() and imapUnordered() return. Breaking out of `for await` kills the rest. */
export class MapIterator<R> implements AsyncIterableIterator<R> {
  #run: MapRun<any, R>;
  #ordered: boolean;
  #maxsize: number;
  #ready = new Map<number, R>();
  #unordered: R[] = [];
  #unorderedHead = 0;
  #taken = 0;
  #total = -1;
  #failure: { error: unknown } | null = null;
  #finished = false;
  #waiting: PendingNext<R>[] = [];

  constructor(owner: SlotOwner, fn: (item: any) => R | PromiseLike<R>, input: MapInput<any>, ordered: boolean, maxsize: number) {
    this.#ordered = ordered;
    this.#maxsize = maxsize;
    const sink: MapSink<R> = {
      result: (index, value) => {
        if (this.#ordered) this.#ready.set(index, value);
        else this.#unordered.push(value);
        this.#deliver();
      },
      error: (error) => {
        this.#failure = { error };
        this.#deliver();
      },
      end: (count) => {
        this.#total = count;
        this.#deliver();
      },
    };
    this.#run = new MapRun(owner, fn, input, sink, () => this.#mayPull());
    this.#run.pump();
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<R>> {
    return new Promise<IteratorResult<R>>((resolve, reject) => {
      this.#waiting.push({ resolve, reject });
      this.#deliver();
    });
  }

  /** The consumer stopped early: read no more input, kill the greenlets still running for it. */
  return(): Promise<IteratorResult<R>> {
    this.#finish();
    this.#run.stop();
    this.#deliver();
    return Promise.resolve({ done: true, value: undefined });
  }

  #mayPull(): boolean {
    if (this.#ordered) return this.#run.readCount - this.#taken < this.#maxsize;
    return this.#run.inFlight + (this.#unordered.length - this.#unorderedHead) < this.#maxsize;
  }

  #deliver(): void {
    let tookAny = false;
    while (this.#waiting.length > 0) {
      const next = this.#waiting[0]!;
      if (this.#hasNext()) {
        this.#waiting.shift();
        tookAny = true;
        next.resolve({ done: false, value: this.#takeNext() });
      } else if (this.#failure !== null && !this.#finished) {
        this.#waiting.shift();
        this.#finish();
        next.reject(this.#failure.error);
      } else if (this.#finished || (this.#total >= 0 && this.#taken >= this.#total)) {
        this.#waiting.shift();
        this.#finish();
        next.resolve({ done: true, value: undefined });
      } else {
        break;
      }
    }
    if (tookAny) this.#run.pump();
  }

  #hasNext(): boolean {
    if (this.#finished) return false;
    if (this.#ordered) return this.#ready.has(this.#taken);
    return this.#unorderedHead < this.#unordered.length;
  }

  #takeNext(): R {
    this.#taken += 1;
    if (this.#ordered) {
      const value = this.#ready.get(this.#taken - 1) as R;
      this.#ready.delete(this.#taken - 1);
      return value;
    }
    const value = this.#unordered[this.#unorderedHead] as R;
    this.#unordered[this.#unorderedHead++] = undefined as R;
    if (this.#unorderedHead > 1024 && this.#unorderedHead * 2 > this.#unordered.length) {
      this.#unordered = this.#unordered.slice(this.#unorderedHead);
      this.#unorderedHead = 0;
    }
    return value;
  }

  #finish(): void {
    this.#finished = true;
    this.#ready.clear();
    this.#unordered = [];
    this.#unorderedHead = 0;
  }
}
