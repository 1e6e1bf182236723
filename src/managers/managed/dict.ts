// What a manager's dict is in the server: a Map with Python's dict methods (the DictProxy's counterpart).
import { KeyError } from '../../errors.js';

/** A Map with Python's dict methods. */
export class ManagedDict {
  private readonly map: Map<unknown, unknown>;

  constructor(init?: Map<unknown, unknown> | Iterable<readonly [unknown, unknown]> | Record<string, unknown>) {
    this.map = new Map();
    if (init !== undefined && init !== null) this.update(toPairs(init));
  }

  get(key: unknown, defaultValue?: unknown): unknown {
    return this.map.has(key) ? this.map.get(key) : defaultValue;
  }

  set(key: unknown, value: unknown): void {
    this.map.set(key, value);
  }

  has(key: unknown): boolean {
    return this.map.has(key);
  }

  delete(key: unknown): boolean {
    return this.map.delete(key);
  }

  keys(): unknown[] {
    return [...this.map.keys()];
  }

  values(): unknown[] {
    return [...this.map.values()];
  }

  items(): [unknown, unknown][] {
    return [...this.map];
  }

  update(pairs: Iterable<readonly [unknown, unknown]> | Map<unknown, unknown> | Record<string, unknown>): void {
    for (const [key, value] of toPairs(pairs)) this.map.set(key, value);
  }

  pop(key: unknown, ...defaultValue: unknown[]): unknown {
    if (this.map.has(key)) {
      const value = this.map.get(key);
      this.map.delete(key);
      return value;
    }
    if (defaultValue.length > 0) return defaultValue[0];
    throw new KeyError(String(key));
  }

  setdefault(key: unknown, defaultValue?: unknown): unknown {
    if (!this.map.has(key)) this.map.set(key, defaultValue);
    return this.map.get(key);
  }

  popitem(): [unknown, unknown] {
    const last = [...this.map.keys()].pop();
    if (this.map.size === 0) throw new KeyError('popitem(): dictionary is empty');
    const value = this.map.get(last);
    this.map.delete(last);
    return [last, value];
  }

  clear(): void {
    this.map.clear();
  }

  copy(): Map<unknown, unknown> {
    return new Map(this.map);
  }

  len(): number {
    return this.map.size;
  }
}

function toPairs(init: Map<unknown, unknown> | Iterable<readonly [unknown, unknown]> | Record<string, unknown>): Iterable<readonly [unknown, unknown]> {
  if (init instanceof Map || Symbol.iterator in Object(init)) return init as Iterable<readonly [unknown, unknown]>;
  return Object.entries(init);
}
