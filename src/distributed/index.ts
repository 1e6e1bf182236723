// `multiproc/distributed`: the same Pool and shared objects across machines, on Redis through BullMQ. This entry only
// re-exports (the object classes for their types and instanceof; they are made with cluster.Queue(name) …); bullmq and
// ioredis are loaded when connect() is first called.
export { connect, type ConnectOptions } from './connect.js';
export { Cluster } from './cluster.js';
export { DistributedPool, type DistributedPoolOptions } from './pool.js';
export { DistributedWorker, type WorkerOptions } from './worker.js';
export type { WorkerInfo } from './heartbeat.js';
export {
  Queue, JoinableQueue, Dict, List, Namespace, Value, Lock, Semaphore, Event,
  type QueueOptions, type LockOptions, type DictKey, type WaitOptions,
} from './objects/index.js';
export { AsyncResult, IMapIterator } from '../pool/index.js';
export { ConnectionError, ImportError, ValueError, TimeoutError, WorkerLostError, MaybeEncodingError, Empty, Full } from '../errors.js';
