// Value on Redis: one key holding the serialized value (absent = the initial value, so unlink() resets it).
// Read-modify-write is compare-and-set on the serialized bytes, in one script; update(fn) retries it until no
// other writer came in between (optimistic concurrency: nobody waits on a lock a dead process may hold).
import { defineScript, runScript } from './script.js';
import { SharedObject, registerSharedObject } from './shared-object.js';
import type { RedisStore } from './store.js';

// KEYS: value | ARGV: expected bytes, new bytes, initial bytes
const COMPARE_AND_SET = defineScript(`
local current = redis.call('GET', KEYS[1]) or ARGV[3]
if current ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
return 1
`);

export class Value<T = unknown> extends SharedObject {
  private readonly initialBytes: Buffer;

  constructor(store: RedisStore, name: string, private readonly initial: T) {
    super(store, 'Value', name);
    this.initialBytes = store.encode(initial, 'init');
  }

  protected override options(): Record<string, unknown> {
    return { init: this.initial };
  }

  private async readBytes(): Promise<Buffer> {
    return (await this.store.command.getBuffer(this.key)) ?? this.initialBytes;
  }

  /** The current value (a copy: change it through set(), compareAndSet() or update()). */
  async get(): Promise<T> {
    return (await this.store.decode(await this.readBytes())) as T;
  }

  async set(value: T): Promise<void> {
    await this.store.command.set(this.key, this.store.encode(value));
  }

  /**
   * Sets `next` only if the value is still `expected`, compared as serialized bytes (so plain data compares by
   * content; Maps and objects also by key order). Resolves whether it did.
   */
  async compareAndSet(expected: T, next: T): Promise<boolean> {
    return this.swap(this.store.encode(expected, 'expected'), next);
  }

  /** Replaces the value with `fn(value)` atomically (retrying when another writer came between); resolves the new value. */
  async update(fn: (value: T) => T | Promise<T>): Promise<T> {
    if (typeof fn !== 'function') throw new TypeError('update(fn): fn must be a function of the current value');
    for (;;) {
      const seen = await this.readBytes();
      const next = await fn((await this.store.decode(seen)) as T);
      if (await this.swap(seen, next)) return next;
    }
  }

  private async swap(expected: Buffer, next: T): Promise<boolean> {
    const done = await runScript(this.store.command, COMPARE_AND_SET, [this.key], [expected, this.store.encode(next), this.initialBytes]);
    return done === 1;
  }
}

registerSharedObject('Value', Value, (store, name, options) => new Value(store, name, options.init));
