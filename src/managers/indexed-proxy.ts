// What the proxies of a managed list and array share: indexed reads and writes, length, copies, slices.
import { BaseProxy } from './base-proxy.js';

/** Indexed access to a sequence in a manager's server; each call is one round trip. */
export class IndexedProxy<T = unknown> extends BaseProxy {
  /** s[index]; IndexError when out of range (negative indexes count from the end, as in Python). */
  get(index: number): Promise<T> {
    return this._callMethod('get', [index]);
  }

  /** s[index] = value; IndexError when out of range. */
  set(index: number, value: T): Promise<void> {
    return this._callMethod('set', [index, value]);
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
