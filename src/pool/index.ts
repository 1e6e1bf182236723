// The pool layer's surface.
export { Pool, type CallOptions, type MapCallOptions, type MapOptions } from './pool.js';
export { ThreadPool } from './thread-pool.js';
export { AsyncResult } from './results.js';
export { IMapIterator, type IMapOptions } from './imap.js';
export type { PoolOptions } from './options.js';
