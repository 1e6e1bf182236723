// Symbols for the internals that greenlets, groups and timeouts share without making them public API.

/** Runs a greenlet at once, in the caller's turn (pools use it; spawn() schedules instead). */
export const kRunNow = Symbol('multiproc.coroutines.runNow');
/** Adds a callback called synchronously when a greenlet settles. */
export const kLink = Symbol('multiproc.coroutines.link');
/** Removes a callback added with kLink. */
export const kUnlink = Symbol('multiproc.coroutines.unlink');
/** The set of waits (sleep, join, ...) that a kill or an expired Timeout interrupts. */
export const kInterrupts = Symbol('multiproc.coroutines.interrupts');
/** A number a pool's map run stores on each greenlet it starts: the input index. */
export const kIndex = Symbol('multiproc.coroutines.index');
/** Takes a free slot of a group or pool if there is one and nobody queues for it. */
export const kTryAcquire = Symbol('multiproc.coroutines.tryAcquire');
/** Queues a SlotWaiter until a slot frees up. */
export const kEnqueue = Symbol('multiproc.coroutines.enqueue');
/** Removes a SlotWaiter from the queue (it stopped waiting). */
export const kDequeue = Symbol('multiproc.coroutines.dequeue');
/** Gives a slot back: to the first waiter if any, else to the free count. */
export const kRelease = Symbol('multiproc.coroutines.release');
/** Makes a greenlet a member, using a slot its caller already holds. */
export const kAdopt = Symbol('multiproc.coroutines.adopt');

/** Someone waiting for a pool slot: granted it (and must use or release it), or cancelled by Pool.kill(). */
export interface SlotWaiter {
  grant(): void;
  cancel(reason: unknown): void;
}
