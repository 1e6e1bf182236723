// What every object on Redis has: a kind and a name that give its key, the store it lives on, unlink(), and a
// reducer so that it travels to another process as (kind, name, prefix, address, options) — never as a copy —
// and is reopened there by name.
import { registerReducer } from '../../serialize/index.js';
import { storeForReceived, type RedisStore } from './store.js';

const NAME = /^[A-Za-z0-9_.\-/@]{1,200}$/;

/** Names are part of Redis keys: a small alphabet keeps one object's keys from ever spelling another's. */
export function validateName(kind: string, name: unknown): string {
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw new TypeError(`${kind}(name): name must be 1-200 characters of letters, digits and _ - . / @, got ${typeof name === 'string' ? JSON.stringify(name) : typeof name}`);
  }
  return name;
}

export function validateStore(kind: string, store: unknown): RedisStore {
  if (typeof store !== 'object' || store === null || typeof (store as RedisStore).key !== 'function') {
    throw new TypeError(`${kind}: the first argument must be a store from openStore() (or use the cluster handle's ${kind}(name))`);
  }
  return store as RedisStore;
}

export abstract class SharedObject {
  readonly name: string;
  /** The object's main key: `<prefix>:<kind>:<name>`. */
  protected readonly key: string;

  constructor(protected readonly store: RedisStore, readonly kind: string, name: unknown) {
    validateStore(kind, store);
    this.name = validateName(kind, name);
    this.key = store.key(kind.toLowerCase(), this.name);
  }

  /** Every key this object may create (its main key and its helpers'), for unlink(). */
  protected redisKeys(): string[] {
    return [this.key];
  }

  /** Removes the object from Redis (every handle to it, in any process, sees it empty or reset afterwards). */
  async unlink(): Promise<void> {
    await this.store.command.del(...this.redisKeys());
  }

  /** The options another process needs to reopen an equivalent handle. */
  protected options(): Record<string, unknown> {
    return {};
  }

  /** @internal the state a reducer sends. */
  static stateOf(object: SharedObject): ObjectState {
    return { a: object.store.address, p: object.store.prefix, n: object.name, o: object.options() };
  }
}

export interface ObjectState {
  a: string;
  p: string;
  n: string;
  o: Record<string, unknown>;
}

function validateState(tag: string, state: unknown): ObjectState {
  const s = state as ObjectState;
  if (typeof s !== 'object' || s === null || typeof s.a !== 'string' || typeof s.p !== 'string' || typeof s.n !== 'string' ||
    typeof s.o !== 'object' || s.o === null) {
    throw new TypeError(`received a malformed ${tag} handle`);
  }
  return s;
}

/** Makes instances of `type` travel by name; `reopen` builds the receiver's handle on its own store. */
export function registerSharedObject<T extends SharedObject>(tag: string, type: abstract new (...args: any[]) => T,
  reopen: (store: RedisStore, name: string, options: Record<string, unknown>) => T): void {
  registerReducer<T, ObjectState>({
    tag: `distributed.${tag}`,
    type,
    reduce: (object) => SharedObject.stateOf(object),
    revive: (state) => {
      const { a, p, n, o } = validateState(tag, state);
      return reopen(storeForReceived(a, p), n, o);
    },
  });
}
