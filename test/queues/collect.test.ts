// Queues and pipes dropped without close() are garbage-collected like Locks and Values: their holder slots are given
// back and their segments leave /dev/shm while the program still runs.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Pipe } from '../../src/connection/index.js';
import { JoinableQueue, Queue, SimpleQueue } from '../../src/queues/index.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Segments this process created that are still in /dev/shm. */
function ownSegments(): number {
  const mine = new RegExp(`^mp-\\d+-${process.pid}-`);
  return readdirSync('/dev/shm').filter((name) => mine.test(name)).length;
}

async function collectUntil(check: () => boolean, timeout = 20_000): Promise<void> {
  const deadline = Date.now() + timeout;
  for (;;) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 20));
    if (check()) return;
    if (Date.now() > deadline) throw new Error(`not collected within ${timeout} ms`);
  }
}

/** Makes and uses `count` of each kind, then drops them all without close(). */
function useAndDrop(count: number): void {
  for (let i = 0; i < count; i++) {
    const queue = new Queue<number>(4);
    queue.putSync(i);
    new JoinableQueue<number>().putSync(i);
    new SimpleQueue<number>().putSync(i);
    const [a, b] = Pipe();
    a.send(i);
    const [reader, writer] = Pipe(false, { capacity: 1024 });
    for (let j = 0; j < 8; j++) writer.sendBytes(new Uint8Array(300)); // more than fits: some wait in the outbox
    void reader;
    void b;
  }
}

test('1,000 queues and pipes dropped without close() leave /dev/shm once collected', { timeout: 90_000 }, async () => {
  await collectUntil(() => true);
  const before = ownSegments();
  useAndDrop(200);
  assert.ok(ownSegments() >= before + 1000, 'the segments exist while the objects may be in use');
  await collectUntil(() => ownSegments() <= before);
  assert.equal(ownSegments(), before);
});
