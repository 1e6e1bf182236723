// Namespace on Redis: named fields in one hash, read and written one at a time (`await ns.get('x')`,
// `await ns.set('x', 1)`): a TypeScript object cannot await on property access, so fields are not properties.
import { KeyError } from '../../errors.js';
import { SharedObject, registerSharedObject } from './shared-object.js';
import type { RedisStore } from './store.js';

function validateField(method: string, field: unknown): string {
  if (typeof field !== 'string' || field.length === 0) throw new TypeError(`Namespace.${method}(): the field name must be a non-empty string`);
  return field;
}

export class Namespace extends SharedObject {
  constructor(store: RedisStore, name: string) {
    super(store, 'Namespace', name);
  }

  /** The field's value; KeyError when it was never set (Python's AttributeError). */
  async get<T = unknown>(field: string): Promise<T> {
    const bytes = await this.store.command.hgetBuffer(this.key, validateField('get', field));
    if (bytes === null) throw new KeyError(`Namespace '${this.name}' has no field '${field}'`);
    return (await this.store.decode(bytes)) as T;
  }

  async set(field: string, value: unknown): Promise<void> {
    await this.store.command.hset(this.key, validateField('set', field), this.store.encode(value, field));
  }

  async has(field: string): Promise<boolean> {
    return (await this.store.command.hexists(this.key, validateField('has', field))) === 1;
  }

  /** Removes the field; KeyError when it was not set. */
  async delete(field: string): Promise<void> {
    const removed = await this.store.command.hdel(this.key, validateField('delete', field));
    if (removed === 0) throw new KeyError(`Namespace '${this.name}' has no field '${field}'`);
  }

  /** Every field and its value, as a plain object (a snapshot). */
  async toObject(): Promise<Record<string, unknown>> {
    const raw = (await this.store.command.callBuffer('HGETALL', this.key)) as Buffer[];
    const out: Record<string, unknown> = {};
    for (let i = 0; i < raw.length; i += 2) out[raw[i].toString('utf8')] = await this.store.decode(raw[i + 1]);
    return out;
  }
}

registerSharedObject('Namespace', Namespace, (store, name) => new Namespace(store, name));
