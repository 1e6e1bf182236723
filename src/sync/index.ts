// The synchronization layer's surface: Python's multiprocessing.synchronize, shared by processes and threads.
export { Lock } from './lock.js';
export { RLock } from './rlock.js';
export { Semaphore, BoundedSemaphore } from './semaphore.js';
export { Event } from './event.js';
export { Condition } from './condition.js';
export { Barrier, type BarrierOptions } from './barrier.js';
export { Guard } from './guard.js';
export type { AcquireOptions } from './steps.js';
export type { WaitOptions } from '../time.js';
