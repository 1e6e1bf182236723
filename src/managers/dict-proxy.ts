// The proxy of a managed dict: Map's methods plus Python's dict methods, each one round trip. Keys are compared as
// Map compares them (0.25, 1 and '1' are three keys; an object key is a new key each time it is sent).
import { BaseProxy, registerProxyClass } from './base-proxy.js';

/** A dict in a manager's server, shared by every process holding a proxy of it. */
export class DictProxy<K = unknown, V = unknown> extends BaseProxy {
  /** The value of `key`, or `defaultValue` (undefined) when absent. */
  get(key: K, defaultValue?: V): Promise<V | undefined> {
    return this._callMethod('get', defaultValue === undefined ? [key] : [key, defaultValue]);
  }

  /** d[key] = value; resolves with the proxy, as Map.set returns the map. */
  async set(key: K, value: V): Promise<this> {
    await this._callMethod('set', [key, value]);
    return this;
  }

  has(key: K): Promise<boolean> {
    return this._callMethod('has', [key]);
  }

  /** Removes `key`; whether it was there (Map's semantics; Python's `del` raises KeyError — use pop for that). */
  delete(key: K): Promise<boolean> {
    return this._callMethod('delete', [key]);
  }

  keys(): Promise<K[]> {
    return this._callMethod('keys');
  }

  values(): Promise<V[]> {
    return this._callMethod('values');
  }

  /** [key, value] pairs (Python's items()). */
  items(): Promise<[K, V][]> {
    return this._callMethod('items');
  }

  /** The same pairs as items(), Map's name for them. */
  entries(): Promise<[K, V][]> {
    return this._callMethod('items');
  }

  /** Adds every pair of a Map, a plain object or an array of pairs (Python's update()). */
  update(other: Map<K, V> | Iterable<readonly [K, V]> | Record<string, V>): Promise<void> {
    const pairs = other instanceof Map ? [...other] : Symbol.iterator in Object(other) ? [...(other as Iterable<[K, V]>)] : Object.entries(other);
    return this._callMethod('update', [pairs]);
  }

  /** Removes `key` and returns its value; `KeyError` when absent and no default is given. */
  pop(key: K, ...defaultValue: [V?]): Promise<V> {
    return this._callMethod('pop', [key, ...defaultValue]);
  }

  /** The value of `key`, setting it to `defaultValue` first when absent. */
  setdefault(key: K, defaultValue?: V): Promise<V> {
    return this._callMethod('setdefault', [key, defaultValue]);
  }

  /** Removes and returns the last inserted [key, value]; `KeyError` when empty. */
  popitem(): Promise<[K, V]> {
    return this._callMethod('popitem');
  }

  clear(): Promise<void> {
    return this._callMethod('clear');
  }

  /** A plain Map copy of the whole dict (nested proxies stay proxies). */
  copy(): Promise<Map<K, V>> {
    return this._callMethod('copy');
  }

  /**
   * `for await (const [key, value] of dict)`: the pairs, as iterating a Map gives them (Python's iteration gives the
   * keys: use `for (const key of await dict.keys())` for those). One round trip, a snapshot of the dict.
   */
  async *[Symbol.asyncIterator](): AsyncIterableIterator<[K, V]> {
    yield* await this.items();
  }

  /** Number of keys (Python's len(d)). */
  len(): Promise<number> {
    return this._callMethod('len');
  }
}

registerProxyClass(DictProxy);
