// dict on Redis: a hash whose fields are the serialized keys and whose values are the serialized values.
// Keys are primitives (string, number, bigint, boolean, null), as a Python dict's are hashable: equal keys
// must serialize to equal bytes. Every method returns a Promise; pop and setdefault are single scripts.
import { KeyError } from '../../errors.js';
import { defineScript, runScript } from './script.js';
import { SharedObject, registerSharedObject } from './shared-object.js';
import type { RedisStore } from './store.js';

export type DictKey = string | number | bigint | boolean | null;

// KEYS: hash | ARGV: field
const POP = defineScript(`
local value = redis.call('HGET', KEYS[1], ARGV[1])
if value then redis.call('HDEL', KEYS[1], ARGV[1]) end
return value
`);

// KEYS: hash | ARGV: field, default bytes
const SET_DEFAULT = defineScript(`
redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2])
return redis.call('HGET', KEYS[1], ARGV[1])
`);

function isKey(key: unknown): key is DictKey {
  return key === null || ['string', 'number', 'bigint', 'boolean'].includes(typeof key);
}

export class Dict<K extends DictKey = DictKey, V = unknown> extends SharedObject implements AsyncIterable<K> {
  constructor(store: RedisStore, name: string) {
    super(store, 'dict', name);
  }

  private field(key: unknown, method: string): Buffer {
    if (!isKey(key)) throw new TypeError(`dict.${method}(): keys must be strings, numbers, bigints, booleans or null, got ${typeof key}`);
    return this.store.encode(key, 'key');
  }

  private async decodeValue(bytes: Buffer): Promise<V> {
    return (await this.store.decode(bytes)) as V;
  }

  /** The value of `key`, or `fallback` (default undefined) when absent. */
  async get(key: K, fallback?: V): Promise<V | undefined> {
    const bytes = await this.store.command.hgetBuffer(this.key, this.field(key, 'get'));
    return bytes === null ? fallback : this.decodeValue(bytes);
  }

  async set(key: K, value: V): Promise<void> {
    await this.store.command.hset(this.key, this.field(key, 'set'), this.store.encode(value));
  }

  async has(key: K): Promise<boolean> {
    return (await this.store.command.hexists(this.key, this.field(key, 'has'))) === 1;
  }

  /** Removes `key`; resolves whether it was there. */
  async delete(key: K): Promise<boolean> {
    return (await this.store.command.hdel(this.key, this.field(key, 'delete'))) === 1;
  }

  async keys(): Promise<K[]> {
    const fields = await this.store.command.hkeysBuffer(this.key);
    return Promise.all(fields.map(async (field) => (await this.store.decode(field)) as K));
  }

  async values(): Promise<V[]> {
    const values = await this.store.command.hvalsBuffer(this.key);
    return Promise.all(values.map((bytes) => this.decodeValue(bytes)));
  }

  /** [key, value] pairs (a snapshot). */
  async items(): Promise<[K, V][]> {
    // The raw reply keeps fields as bytes (hgetallBuffer would turn them into strings).
    const pairs: [K, V][] = [];
    const raw = (await this.store.command.callBuffer('HGETALL', this.key)) as Buffer[];
    for (let i = 0; i < raw.length; i += 2) pairs.push([(await this.store.decode(raw[i])) as K, await this.decodeValue(raw[i + 1])]);
    return pairs;
  }

  entries(): Promise<[K, V][]> {
    return this.items();
  }

  /** Sets every pair of a Map, an iterable of [key, value] or a plain object's own properties. */
  async update(pairs: Map<K, V> | Iterable<readonly [K, V]> | Record<string, V>): Promise<void> {
    const list: (readonly [unknown, V])[] = typeof pairs === 'object' && pairs !== null && Symbol.iterator in pairs
      ? [...(pairs as Iterable<readonly [K, V]>)]
      : typeof pairs === 'object' && pairs !== null ? Object.entries(pairs) : (() => {
        throw new TypeError('dict.update(): pass a Map, an iterable of [key, value] pairs or a plain object');
      })();
    if (list.length === 0) return;
    const args: Buffer[] = [];
    for (const pair of list) {
      if (!Array.isArray(pair) || pair.length !== 2) throw new TypeError('dict.update(): every item must be a [key, value] pair');
      args.push(this.field(pair[0], 'update'), this.store.encode(pair[1]));
    }
    await this.store.command.hset(this.key, ...args);
  }

  /** Removes `key` and resolves its value; `fallback` when absent, or KeyError when no fallback is given. */
  async pop(key: K, ...fallback: [V?]): Promise<V> {
    const bytes = (await runScript(this.store.command, POP, [this.key], [this.field(key, 'pop')])) as Buffer | null;
    if (bytes !== null) return this.decodeValue(bytes);
    if (fallback.length > 0) return fallback[0] as V;
    throw new KeyError(String(key));
  }

  /** The value of `key`, setting it to `fallback` first when absent (in one step). */
  async setdefault(key: K, fallback: V): Promise<V> {
    const bytes = (await runScript(this.store.command, SET_DEFAULT, [this.key], [this.field(key, 'setdefault'), this.store.encode(fallback)])) as Buffer;
    return this.decodeValue(bytes);
  }

  async clear(): Promise<void> {
    await this.store.command.del(this.key);
  }

  /** A local Map with the current contents. */
  async copy(): Promise<Map<K, V>> {
    return new Map(await this.items());
  }

  async len(): Promise<number> {
    return this.store.command.hlen(this.key);
  }

  /** Iterates over a snapshot of the keys. */
  async *[Symbol.asyncIterator](): AsyncIterator<K> {
    yield* await this.keys();
  }
}

registerSharedObject('dict', Dict, (store, name) => new Dict(store, name));
