// The proxy of a managed list: Python's list methods, each one round trip; indexes may be negative as in Python.
import { registerProxyClass } from './base-proxy.js';
import { IndexedProxy } from './indexed-proxy.js';

/** A list in a manager's server, shared by every process holding a proxy of it. */
export class ListProxy<T = any> extends IndexedProxy<T> {
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

  /** Sorts in place as Python does for numbers and strings (no comparator: functions cannot travel). */
  sort(options: { reverse?: boolean } = {}): Promise<void> {
    return this._callMethod('sort', [options]);
  }
}

registerProxyClass(ListProxy);
