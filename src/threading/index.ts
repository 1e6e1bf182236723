// `multiproc/threading`: Python's threading on worker_threads. This entry only re-exports.
export { Thread, type ThreadOptions } from './thread.js';
export { Timer } from './timer.js';
export { local, Local } from './local.js';
export { currentThread, mainThread, enumerate, activeCount, getIdent } from './current.js';
export { Lock, RLock, Condition, Semaphore, BoundedSemaphore, Event, Barrier, type BarrierOptions, type AcquireOptions } from '../sync/index.js';
export { BrokenBarrierError } from '../errors.js';
