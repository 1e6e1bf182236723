// Child-process targets of bench/queues.ts: producers and consumers that time themselves and report through a queue.
import type { Connection } from '../src/connection/index.js';
// Loaded for their effect too: a child must be able to revive the queues and pipe ends it receives.
import '../src/connection/index.js';
import '../src/queues/index.js';
import type { Queue } from '../src/queues/index.js';

export interface Timing {
  count: number;
  bytes: number;
  ms: number;
}

/** Puts 0..n-1 then null. */
export async function produceInts(queue: Queue<number | null>, n: number, sync: boolean): Promise<void> {
  if (sync) {
    for (let i = 0; i < n; i++) queue.putSync(i);
  } else {
    for (let i = 0; i < n; i++) await queue.put(i);
  }
  queue.putSync(null);
}

/** Gets until null; reports the rate from the first item on. */
export async function consumeInts(queue: Queue<number | null>, results: Queue<Timing>, sync: boolean): Promise<void> {
  let count = 0;
  let first = sync ? queue.getSync() : await queue.get();
  const start = performance.now();
  while (first !== null) {
    count++;
    first = sync ? queue.getSync() : await queue.get();
  }
  results.putSync({ count, bytes: 0, ms: performance.now() - start });
}

/** Sends n messages of `size` bytes, then an empty one as the end mark. */
export function sendBytesMessages(connection: Connection, n: number, size: number): void {
  const message = Buffer.alloc(size, 1);
  for (let i = 0; i < n; i++) connection.sendBytes(message);
  connection.sendBytes(Buffer.alloc(0));
}

/** Receives until the empty end mark; reports the rate from the first message on. */
export async function recvBytesMessages(connection: Connection, results: Queue<Timing>, sync: boolean): Promise<void> {
  let count = 0;
  let bytes = 0;
  let message = sync ? connection.recvBytesSync() : await connection.recvBytes();
  const start = performance.now();
  while (message.length > 0) {
    count++;
    bytes += message.length;
    message = sync ? connection.recvBytesSync() : await connection.recvBytes();
  }
  results.putSync({ count, bytes, ms: performance.now() - start });
}
