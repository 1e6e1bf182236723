// `multiproc/distributed`: the same Pool (and, alongside, shared objects) across machines, on Redis through BullMQ.
// This entry only re-exports; bullmq and ioredis are loaded when connect() is first called.
export { connect, type ConnectOptions } from './connect.js';
export { Cluster } from './cluster.js';
export { DistributedPool, type DistributedPoolOptions } from './pool.js';
export { DistributedWorker, type WorkerOptions } from './worker.js';
export type { WorkerInfo } from './heartbeat.js';
export { AsyncResult, IMapIterator } from '../pool/index.js';
export { ConnectionError, ImportError, ValueError, TimeoutError, WorkerLostError, MaybeEncodingError } from '../errors.js';
