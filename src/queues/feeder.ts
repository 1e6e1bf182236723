// The flush hook of the process layer: before a child exits, everything its queues and pipes still buffer must reach
// shared memory (Python's child joins its queues' feeder threads). Registered with beforeChildExit() already; exported
// for callers that exit by other routes.
import { flushAllOutboxes, flushAllOutboxesSync } from '../ring/outbox.js';

/** Resolves when every queue and pipe handle of this thread has written what it buffered (unless cancelJoinThread()). */
export async function flushAllQueues(): Promise<void> {
  await flushAllOutboxes();
}

/** The blocking form (also run automatically on process 'exit'). */
export function flushAllQueuesSync(): void {
  flushAllOutboxesSync();
}
