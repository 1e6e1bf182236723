// Python's SyncManager and Manager(): a started server with the standard shared types — dict, list, Namespace,
// queues, locks and friends, Value, Array and Pool — each returned as a proxy.
import { AsyncResult, IMapIterator } from '../pool/index.js';
import { referenceOf } from '../reference/locate.js';
import type { Typecode } from '../sharedctypes/index.js';
import { BaseManager, type ManagerOptions } from './base-manager.js';
import { DictProxy } from './dict-proxy.js';
import { ListProxy } from './list-proxy.js';
import { ManagedDict } from './managed/dict.js';
import { ManagedCondition, ManagedEvent } from './managed/events.js';
import { createBarrier } from './managed/factories.js';
import { ManagedList } from './managed/list.js';
import { ManagedBoundedSemaphore, ManagedLock, ManagedRLock, ManagedSemaphore } from './managed/locks.js';
import { ManagedNamespace } from './managed/namespace.js';
import { ManagedPool } from './managed/pool.js';
import { ManagedJoinableQueue, ManagedQueue } from './managed/queue.js';
import { ManagedArray, ManagedValue } from './managed/value.js';
import { NamespaceProxy } from './namespace-proxy.js';
import { AsyncResultProxy, IteratorProxy, PoolProxy } from './pool-proxy.js';
import { JoinableQueueProxy, QueueProxy } from './queue-proxy.js';
import { AcquirerProxy, BarrierProxy, ConditionProxy, EventProxy } from './sync-proxies.js';
import { ArrayProxy, ValueProxy } from './value-proxy.js';

/** A manager with Python's standard shared types. */
export class SyncManager extends BaseManager {
  dict<K = unknown, V = unknown>(init?: Map<K, V> | Iterable<readonly [K, V]> | Record<string, V>): Promise<DictProxy<K, V>> {
    const pairs = init === undefined || init instanceof Map ? init : Symbol.iterator in Object(init) ? [...(init as Iterable<[K, V]>)] : init;
    return this.create('dict', ...(pairs === undefined ? [] : [pairs]));
  }

  list<T = unknown>(init?: Iterable<T>): Promise<ListProxy<T>> {
    return this.create('list', ...(init === undefined ? [] : [[...init]]));
  }

  Namespace(init?: Record<string, unknown>): Promise<NamespaceProxy> {
    return this.create('Namespace', ...(init === undefined ? [] : [init]));
  }

  Queue<T = unknown>(maxsize = 0): Promise<QueueProxy<T>> {
    return this.create('Queue', maxsize);
  }

  JoinableQueue<T = unknown>(maxsize = 0): Promise<JoinableQueueProxy<T>> {
    return this.create('JoinableQueue', maxsize);
  }

  Lock(): Promise<AcquirerProxy> {
    return this.create('Lock');
  }

  RLock(): Promise<AcquirerProxy> {
    return this.create('RLock');
  }

  Semaphore(value = 1): Promise<AcquirerProxy> {
    return this.create('Semaphore', value);
  }

  BoundedSemaphore(value = 1): Promise<AcquirerProxy> {
    return this.create('BoundedSemaphore', value);
  }

  /** A Condition over a new RLock, or over `lock` (a Lock or RLock proxy of this manager). */
  Condition(lock?: AcquirerProxy): Promise<ConditionProxy> {
    return this.create('Condition', ...(lock === undefined ? [] : [lock]));
  }

  Event(): Promise<EventProxy> {
    return this.create('Event');
  }

  /** `action` must be an exported function: it runs in the server, once per cycle. */
  Barrier(parties: number, options: { action?: Function; timeout?: number | null } = {}): Promise<BarrierProxy> {
    const action = options.action === undefined ? null : referenceOf(options.action, 'Barrier action');
    return this.create('Barrier', parties, { action, timeout: options.timeout });
  }

  Value<T = unknown>(typecode: Typecode, value: T): Promise<ValueProxy<T>> {
    return this.create('Value', typecode, value);
  }

  Array<T = number>(typecode: Typecode, sequence: Iterable<T> | number): Promise<ArrayProxy<T>> {
    return this.create('Array', typecode, typeof sequence === 'number' ? sequence : [...sequence]);
  }

  /** A Pool whose workers are the server's children; pass exported functions to it as to any Pool. */
  Pool(processes?: number): Promise<PoolProxy> {
    return this.create('Pool', ...(processes === undefined ? [] : [processes]));
  }
}

SyncManager.register('dict', ManagedDict, { proxytype: DictProxy });
SyncManager.register('list', ManagedList, { proxytype: ListProxy });
SyncManager.register('Namespace', ManagedNamespace, { proxytype: NamespaceProxy });
SyncManager.register('Queue', ManagedQueue, { proxytype: QueueProxy });
SyncManager.register('JoinableQueue', ManagedJoinableQueue, { proxytype: JoinableQueueProxy });
SyncManager.register('Lock', ManagedLock, { proxytype: AcquirerProxy });
SyncManager.register('RLock', ManagedRLock, { proxytype: AcquirerProxy, exposed: ['acquire', 'release', 'locked'] });
SyncManager.register('Semaphore', ManagedSemaphore, { proxytype: AcquirerProxy });
SyncManager.register('BoundedSemaphore', ManagedBoundedSemaphore, { proxytype: AcquirerProxy });
SyncManager.register('Condition', ManagedCondition, { proxytype: ConditionProxy });
SyncManager.register('Event', ManagedEvent, { proxytype: EventProxy });
SyncManager.register('Barrier', createBarrier, { proxytype: BarrierProxy });
SyncManager.register('Value', ManagedValue, { proxytype: ValueProxy });
SyncManager.register('Array', ManagedArray, { proxytype: ArrayProxy });
SyncManager.register('Pool', ManagedPool, {
  proxytype: PoolProxy,
  methodToTypeid: { applyAsync: 'AsyncResult', mapAsync: 'AsyncResult', starmapAsync: 'AsyncResult', imap: 'Iterator', imapUnordered: 'Iterator' },
});
SyncManager.register('AsyncResult', AsyncResult, { proxytype: AsyncResultProxy, create: false, exposed: ['get', 'wait', 'ready', 'successful'] });
SyncManager.register('Iterator', IMapIterator, { proxytype: IteratorProxy, create: false, exposed: ['next'] });

/** A started SyncManager (Python's multiprocessing.Manager()); `await using manager = await Manager()`. */
export async function Manager(options?: ManagerOptions): Promise<SyncManager> {
  const manager = new SyncManager(options);
  await manager.start();
  return manager;
}
