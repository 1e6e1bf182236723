// The proxy of a managed list: Python's list methods, each one round trip; indexes may be negative as in Python.
import { BaseProxy, registerProxyClass } from './base-proxy.js';

/** A list in a manager's server, shared by every process holding a proxy of it. */
export class ListProxy<T = any> extends BaseProxy {
  /** l[index]; IndexError when out of range. */
  get(index: number): Promise<T> {
    return this._callMethod('get', [index]);
  }

  /** l[index] = value; IndexError when out of range. */
  set(index: number, value: T): Promise<void> {
    return this._callMethod('set', [index, value]);
  }

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

  len(): Promise<number> {
    return this._callMethod('len');
  }

  /** A plain array copy (nested proxies stay proxies). */
  copy(): Promise<T[]> {
    return this._callMethod('copy');
  }

  /** Items `start ..< end` as a plain array (Array.prototype.slice's arguments). */
  slice(start?: number, end?: number): Promise<T[]> {
    return this._callMethod('slice', [start, end]);
  }
}

registerProxyClass(ListProxy);
