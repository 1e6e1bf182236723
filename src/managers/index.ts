// The managers layer's surface (Python's multiprocessing.managers).
export { Manager, SyncManager } from './sync-manager.js';
export { BaseManager, type ManagerOptions, type RegisterOptions } from './base-manager.js';
export { SharedMemoryManager } from './shared-memory-manager.js';
export { BaseProxy, AutoProxy, type Proxied, type ProxyState } from './base-proxy.js';
export { DictProxy } from './dict-proxy.js';
export { ListProxy } from './list-proxy.js';
export { NamespaceProxy } from './namespace-proxy.js';
export { QueueProxy, JoinableQueueProxy, type QueueWaitOptions } from './queue-proxy.js';
export { AcquirerProxy, ConditionProxy, EventProxy, BarrierProxy, type AcquireOptions as ProxyAcquireOptions } from './sync-proxies.js';
export { ValueProxy, ArrayProxy } from './value-proxy.js';
export { PoolProxy, AsyncResultProxy, IteratorProxy } from './pool-proxy.js';
export { Server } from './server.js';
export { RELEASE } from './managed/release.js';
export type { ManagerAddress } from './channel.js';
