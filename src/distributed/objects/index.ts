// Shared objects by name on Redis: the classes, the store, and createObjects(store), the factory a cluster
// handle exposes as cluster.Queue(name), cluster.dict(name), ...
import { Dict, type DictKey } from './dict.js';
import { Event } from './event.js';
import { JoinableQueue } from './joinable-queue.js';
import { List } from './list.js';
import { Lock, type LockOptions } from './lock.js';
import { Namespace } from './namespace.js';
import { Queue, type QueueOptions } from './queue.js';
import { Semaphore } from './semaphore.js';
import type { RedisStore } from './store.js';
import { Value } from './value.js';

export { Dict, type DictKey } from './dict.js';
export { Event } from './event.js';
export { JoinableQueue } from './joinable-queue.js';
export { List } from './list.js';
export { Lock, type LockOptions } from './lock.js';
export { Namespace } from './namespace.js';
export { Queue, type QueueOptions } from './queue.js';
export { Semaphore } from './semaphore.js';
export { Value } from './value.js';
export type { WaitOptions } from './options.js';
export { openStore, openStoreWith, provideStore, setCurrentStore, currentStore, closeReopenedStores, type RedisStore, type StoreOptions } from './store.js';

export interface Objects {
  Queue<T = unknown>(name: string, options?: QueueOptions): Queue<T>;
  JoinableQueue<T = unknown>(name: string, options?: QueueOptions): JoinableQueue<T>;
  dict<K extends DictKey = DictKey, V = unknown>(name: string): Dict<K, V>;
  list<T = unknown>(name: string): List<T>;
  Namespace(name: string): Namespace;
  Value<T = unknown>(name: string, init: T): Value<T>;
  Lock(name: string, options?: LockOptions): Lock;
  Semaphore(name: string, value?: number): Semaphore;
  Event(name: string): Event;
}

/** Factories of handles on `store`, named as SPEC's cluster handle names them. */
export function createObjects(store: RedisStore): Objects {
  return {
    Queue: (name, options) => new Queue(store, name, options),
    JoinableQueue: (name, options) => new JoinableQueue(store, name, options),
    dict: (name) => new Dict(store, name),
    list: (name) => new List(store, name),
    Namespace: (name) => new Namespace(store, name),
    Value: (name, init) => new Value(store, name, init),
    Lock: (name, options) => new Lock(store, name, options),
    Semaphore: (name, value) => new Semaphore(store, name, value),
    Event: (name) => new Event(store, name),
  };
}
