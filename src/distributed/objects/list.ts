// list on Redis: a Redis list of serialized items. Index arithmetic follows Python (negative counts from the end;
// out of range is IndexError); insert, pop(i) and slice are single scripts so no other writer lands in between.
// Values are compared (remove, index, count) by their serialized bytes.
import { randomBytes } from 'node:crypto';
import { IndexError, ValueError } from '../../errors.js';
import { defineScript, runScript } from './script.js';
import { SharedObject, registerSharedObject } from './shared-object.js';
import type { RedisStore } from './store.js';

const PAGE = 256;

// KEYS: list | ARGV: index, item
const INSERT = defineScript(`
local n = redis.call('LLEN', KEYS[1])
local i = tonumber(ARGV[1])
if i < 0 then i = math.max(0, i + n) end
if i >= n then return redis.call('RPUSH', KEYS[1], ARGV[2]) end
if i == 0 then return redis.call('LPUSH', KEYS[1], ARGV[2]) end
local tail = redis.call('LRANGE', KEYS[1], i, -1)
redis.call('LTRIM', KEYS[1], 0, i - 1)
redis.call('RPUSH', KEYS[1], ARGV[2])
for j = 1, #tail, 1000 do redis.call('RPUSH', KEYS[1], unpack(tail, j, math.min(j + 999, #tail))) end
return n + 1
`);

// KEYS: list | ARGV: index, a marker no serialized item equals | returns {} when out of range, else {item}
const POP = defineScript(`
local n = redis.call('LLEN', KEYS[1])
local i = tonumber(ARGV[1])
if i < 0 then i = i + n end
if i < 0 or i >= n then return {} end
if i == n - 1 then return {redis.call('RPOP', KEYS[1])} end
if i == 0 then return {redis.call('LPOP', KEYS[1])} end
local item = redis.call('LINDEX', KEYS[1], i)
redis.call('LSET', KEYS[1], i, ARGV[2])
redis.call('LREM', KEYS[1], 1, ARGV[2])
return {item}
`);

// KEYS: list | ARGV: start, end ('' = to the end), with JavaScript's slice() arithmetic
const SLICE = defineScript(`
local n = redis.call('LLEN', KEYS[1])
local function clamp(i) if i < 0 then return math.max(0, i + n) end return math.min(i, n) end
local s = clamp(tonumber(ARGV[1]))
local e = n
if ARGV[2] ~= '' then e = clamp(tonumber(ARGV[2])) end
if s >= e then return {} end
return redis.call('LRANGE', KEYS[1], s, e - 1)
`);

function validateIndex(method: string, index: unknown): number {
  if (typeof index !== 'number' || !Number.isInteger(index)) throw new TypeError(`list.${method}(): the index must be an integer, got ${String(index)}`);
  return index;
}

export class List<T = unknown> extends SharedObject implements AsyncIterable<T> {
  constructor(store: RedisStore, name: string) {
    super(store, 'list', name);
  }

  private decodeAll(items: Buffer[]): Promise<T[]> {
    return Promise.all(items.map(async (item) => (await this.store.decode(item)) as T));
  }

  /** The item at `index` (negative counts from the end); IndexError when out of range. */
  async get(index: number): Promise<T> {
    const item = await this.store.command.lindexBuffer(this.key, validateIndex('get', index));
    if (item === null) throw new IndexError('list index out of range');
    return (await this.store.decode(item)) as T;
  }

  async set(index: number, value: T): Promise<void> {
    const bytes = this.store.encode(value);
    try {
      await this.store.command.lset(this.key, validateIndex('set', index), bytes);
    } catch (error) {
      if (/index out of range|no such key/i.test(String((error as Error)?.message))) throw new IndexError('list assignment index out of range');
      throw error;
    }
  }

  async append(value: T): Promise<void> {
    await this.store.command.rpush(this.key, this.store.encode(value));
  }

  async extend(values: Iterable<T>): Promise<void> {
    if (values === null || typeof (values as Iterable<T>)?.[Symbol.iterator] !== 'function') throw new TypeError('list.extend(): pass an iterable');
    const items = [...values].map((value, i) => this.store.encode(value, `values[${i}]`));
    for (let i = 0; i < items.length; i += 1000) await this.store.command.rpush(this.key, ...items.slice(i, i + 1000));
  }

  /** Inserts before `index`, as Python's list.insert (past the end appends, far negative prepends). */
  async insert(index: number, value: T): Promise<void> {
    await runScript(this.store.command, INSERT, [this.key], [validateIndex('insert', index), this.store.encode(value)]);
  }

  /** Removes and resolves the item at `index` (default: the last); IndexError when out of range or empty. */
  async pop(index = -1): Promise<T> {
    const marker = `multiproc:removed:${randomBytes(16).toString('hex')}`;
    const reply = (await runScript(this.store.command, POP, [this.key], [validateIndex('pop', index), marker])) as Buffer[];
    if (reply.length === 0) throw new IndexError('pop index out of range');
    return (await this.store.decode(reply[0])) as T;
  }

  /** Removes the first item equal to `value`; ValueError when there is none. */
  async remove(value: T): Promise<void> {
    const removed = await this.store.command.lrem(this.key, 1, this.store.encode(value));
    if (removed === 0) throw new ValueError('list.remove(x): x not in list');
  }

  /** The index of the first item equal to `value`; ValueError when there is none. */
  async index(value: T): Promise<number> {
    const at = await this.store.command.lpos(this.key, this.store.encode(value));
    if (at === null) throw new ValueError('value is not in list');
    return at;
  }

  async count(value: T): Promise<number> {
    const positions = (await this.store.command.call('LPOS', this.key, this.store.encode(value), 'COUNT', 0)) as number[];
    return positions.length;
  }

  async len(): Promise<number> {
    return this.store.command.llen(this.key);
  }

  /** The items from `start` up to (not including) `end`, with Array.prototype.slice's arithmetic. */
  async slice(start = 0, end?: number): Promise<T[]> {
    validateIndex('slice', start);
    if (end !== undefined) validateIndex('slice', end);
    const items = (await runScript(this.store.command, SLICE, [this.key], [start, end ?? ''])) as Buffer[];
    return this.decodeAll(items);
  }

  /** A local array with the current items. */
  async copy(): Promise<T[]> {
    return this.decodeAll(await this.store.command.lrangeBuffer(this.key, 0, -1));
  }

  /** Walks the list by index, a page at a time, as Python's list iterator does (it sees changes made meanwhile). */
  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for (let start = 0; ; start += PAGE) {
      const page = await this.store.command.lrangeBuffer(this.key, start, start + PAGE - 1);
      yield* await this.decodeAll(page);
      if (page.length < PAGE) return;
    }
  }
}

registerSharedObject('list', List, (store, name) => new List(store, name));
