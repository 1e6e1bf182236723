// `multiproc`: Python's multiprocessing for Node.js. This entry only re-exports.
export * from './errors.js';
export * from './process/index.js';
