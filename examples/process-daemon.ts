// Seeds 002 and 003: a daemon process ends with its parent. `daemon = true` must be set before start(); a daemon
// may not start children of its own. Users write `from 'multiproc'`.
//   node --import tsx examples/process-daemon.ts
// Node's parent "ends" when nothing keeps it alive: its own code is done and its non-daemon children have exited.
// So here the daemon works longer than the ordinary child, and is terminated before it can print "end123".
import { setTimeout as sleep } from 'node:timers/promises';
import { Process, isMainProcess } from '../src/index.js';

/** The daemon's work: would print "end123" if it lived long enough. */
export async function foo(): Promise<void> {
  console.log('123');
  await sleep(10_000);
  console.log('end123');
}

/** The ordinary child: finishes its work; the parent waits for it. */
export async function bar(): Promise<void> {
  console.log('456');
  await sleep(300);
  console.log('end456');
}

/** A daemon that tries to start a child of its own: refused with ValueError. */
export function spawnGrandchild(): void {
  try {
    new Process({ target: bar }).start();
  } catch (error) {
    console.log(`daemon cannot have children: ${(error as Error).name}: ${(error as Error).message}`);
  }
}

if (isMainProcess()) {
  const p1 = new Process({ target: foo });
  const p2 = new Process({ target: bar });
  p1.daemon = true;
  p1.start();
  p2.start();
  console.log('main-------'); // as in the seed: the parent's own work is done at once; p2 still sleeps
  process.on('exit', () => console.log(`parent exits; daemon alive until now: ${p1.isAlive()}`));
  const refused = new Process({ target: spawnGrandchild, daemon: true });
  refused.start();
  await refused.join();
  // The parent's code ends here; p1 is terminated when the parent exits after p2.
}
