// What a manager's list is in the server: an array with Python's list methods (the ListProxy's counterpart).
import { isDeepStrictEqual } from 'node:util';
import { ValueError } from '../../errors.js';
import { IndexError } from '../../errors.js';

function same(a: unknown, b: unknown): boolean {
  return a === b || (typeof a === 'object' && a !== null && isDeepStrictEqual(a, b)) || (Number.isNaN(a) && Number.isNaN(b));
}

/** An array with Python's list methods; indexes may be negative. */
export class ManagedList {
  private readonly items: unknown[];

  constructor(init?: Iterable<unknown>) {
    this.items = init === undefined || init === null ? [] : [...init];
  }

  private position(index: number, what: string): number {
    if (!Number.isInteger(index)) throw new TypeError(`list indices must be integers, not ${typeof index}`);
    const at = index < 0 ? this.items.length + index : index;
    if (at < 0 || at >= this.items.length) throw new IndexError(`${what} index out of range`);
    return at;
  }

  get(index: number): unknown {
    return this.items[this.position(index, 'list')];
  }

  set(index: number, value: unknown): void {
    this.items[this.position(index, 'list assignment')] = value;
  }

  append(value: unknown): void {
    this.items.push(value);
  }

  extend(values: unknown[]): void {
    this.items.push(...values);
  }

  insert(index: number, value: unknown): void {
    const at = index < 0 ? Math.max(0, this.items.length + index) : Math.min(index, this.items.length);
    this.items.splice(at, 0, value);
  }

  pop(index = -1): unknown {
    if (this.items.length === 0) throw new IndexError('pop from empty list');
    return this.items.splice(this.position(index, 'pop'), 1)[0];
  }

  remove(value: unknown): void {
    const at = this.items.findIndex((item) => same(item, value));
    if (at < 0) throw new ValueError('list.remove(x): x not in list');
    this.items.splice(at, 1);
  }

  index(value: unknown, start = 0, stop = this.items.length): number {
    const from = start < 0 ? Math.max(0, this.items.length + start) : start;
    const to = stop < 0 ? this.items.length + stop : Math.min(stop, this.items.length);
    for (let i = from; i < to; i++) if (same(this.items[i], value)) return i;
    throw new ValueError(`${JSON.stringify(value) ?? String(value)} is not in list`);
  }

  count(value: unknown): number {
    return this.items.filter((item) => same(item, value)).length;
  }

  reverse(): void {
    this.items.reverse();
  }

  sort(options: { reverse?: boolean } = {}): void {
    this.items.sort((a, b) => (a === b ? 0 : (a as number) < (b as number) ? -1 : 1));
    if (options.reverse) this.items.reverse();
  }

  len(): number {
    return this.items.length;
  }

  copy(): unknown[] {
    return [...this.items];
  }

  slice(start?: number, end?: number): unknown[] {
    return this.items.slice(start, end);
  }
}
