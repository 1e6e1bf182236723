// How queues cross to other processes and threads: as (their memory, an in-flight holder slot), arriving as the same
// queue — one handle per queue per thread, so a queue received twice is the same object. Each class registers its
// reducer next to its definition, with these helpers.
import { ValueError } from '../errors.js';
import type { HolderTable } from '../ring/holders.js';

/** What the reducer needs of a queue handle (symbols keep it out of the public API). */
export interface QueueHandle {
  readonly buffer: SharedArrayBuffer;
  readonly [HOLDERS]: HolderTable;
  readonly [IS_CLOSED]: boolean;
}

/** Internal: attach to existing memory instead of creating. */
export const ATTACH = Symbol('multiproc.queue.attach');
/** Internal: the holder table and the closed state of a handle. */
export const HOLDERS = Symbol('multiproc.queue.holders');
export const IS_CLOSED = Symbol('multiproc.queue.isClosed');

export interface QueueState {
  buffer: SharedArrayBuffer;
  slot: number;
  pid: number;
}

const handles = new WeakMap<SharedArrayBuffer, WeakRef<QueueHandle>>();

/** The state a queue travels as; reserves a holder slot for the receiver. */
export function reduceQueue(queue: QueueHandle): QueueState {
  if (queue[IS_CLOSED]) throw new ValueError(`${queue} is closed`);
  handles.set(queue.buffer, new WeakRef(queue));
  return { buffer: queue.buffer, slot: queue[HOLDERS].reserveInFlight(), pid: process.pid };
}

/** This thread's handle of the queue in `state`, made with `make` the first time. */
export function reviveQueue<Q extends QueueHandle>(make: (options: { [ATTACH]: QueueState }) => Q, state: QueueState): Q {
  const known = handles.get(state.buffer)?.deref();
  if (known !== undefined && !known[IS_CLOSED]) {
    known[HOLDERS].cancelInFlight(state.slot, state.pid);
    return known as Q;
  }
  const queue = make({ [ATTACH]: state });
  handles.set(state.buffer, new WeakRef(queue));
  return queue;
}
