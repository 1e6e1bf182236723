// The queues layer's surface.
export { Queue, type BlockOptions, type QueueOptions } from './queue.js';
export { JoinableQueue } from './joinable-queue.js';
export { SimpleQueue } from './simple-queue.js';
