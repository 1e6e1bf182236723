// The proxy of a managed list: Python's list methods, each one round trip; indexes may be negative as in Python.
import { registerProxyClass } from './base-proxy.js';
import { IndexedProxy } from './indexed-proxy.js';

/** How many items one round trip of async iteration fetches. */
const ITERATION_BATCH = 256;

/** A list in a manager's server, shared by every process holding a proxy of it. */
export class ListProxy<T = unknown> extends IndexedProxy<T> {
  append(value: T): Promise<void> {
    return this._callMethod('append', [value]);
  }

  extend(values: Iterable<T>): Promise<void> {
    return this._callMethod('extend', [[...values]]);
  }

  insert(index: number, value: T): Promise<void> {
    return this._callMethod('insert', [index, value]);
  }

  /** Removes and returns l[index] (default: the last); IndexError when empty or out of range. */
  pop(index?: number): Promise<T> {
    return this._callMethod('pop', index === undefined ? [] : [index]);
  }

  /** Removes the first item equal to `value`; ValueError when there is none. */
  remove(value: T): Promise<void> {
    return this._callMethod('remove', [value]);
  }

  /** Position of the first item equal to `value` (from `start`, before `stop`); ValueError when there is none. */
  index(value: T, start?: number, stop?: number): Promise<number> {
    return this._callMethod('index', [value, start, stop]);
  }

  count(value: T): Promise<number> {
    return this._callMethod('count', [value]);
  }

  reverse(): Promise<void> {
    return this._callMethod('reverse');
  }

  /**
   * `for await (const item of list)`: the items in batches of ITERATION_BATCH, one round trip each, so a long list
   * is not copied at once and items appended meanwhile are reached, as Python's iteration over a list proxy does.
   */
  async *[Symbol.asyncIterator](): AsyncIterableIterator<T> {
    for (let start = 0; ; start += ITERATION_BATCH) {
      const batch = await this.slice(start, start + ITERATION_BATCH);
      yield* batch;
      if (batch.length < ITERATION_BATCH) return;
    }
  }

  /** Sorts in place as Python does for numbers and strings (no comparator: functions cannot travel). */
  sort(options: { reverse?: boolean } = {}): Promise<void> {
    return this._callMethod('sort', [options]);
  }
}

registerProxyClass(ListProxy);
