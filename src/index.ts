// `multiproc`: Python's multiprocessing for Node.js. This entry only re-exports.
export * from './errors.js';
export {
  Process, type ProcessOptions, isMainProcess, currentProcess, parentProcess, activeChildren, cpuCount,
  getStartMethod, setStartMethod, getAllStartMethods, setForkserverPreload, type StartMethod,
} from './process/index.js';
export { getContext, Context } from './context.js';
export * from './sync/index.js';
export * from './sharedctypes/index.js';
export { Pipe, Listener, Client, wait, Connection, type Address, type ListenerOptions, type ClientOptions, type PipeOptions, type RecvOptions } from './connection/index.js';
export { Queue, JoinableQueue, SimpleQueue, type QueueOptions, type BlockOptions } from './queues/index.js';
export * from './pool/index.js';
export * from './managers/index.js';
