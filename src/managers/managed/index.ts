// The callables a SyncManager registers, re-exported: the built package makes this file an entry point, so that each
// stays an export of the file that defines it and a manager server process can import it by reference.
export { ManagedDict } from './dict.js';
export { ManagedCondition, ManagedEvent } from './events.js';
export { createBarrier } from './factories.js';
export { ManagedList } from './list.js';
export { ManagedBoundedSemaphore, ManagedLock, ManagedRLock, ManagedSemaphore } from './locks.js';
export { ManagedNamespace } from './namespace.js';
export { ManagedPool } from './pool.js';
export { ManagedJoinableQueue, ManagedQueue } from './queue.js';
export { ManagedArray, ManagedValue } from './value.js';
