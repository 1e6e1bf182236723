// Seed 004 (例子2): each end of one Pipe goes to a different child, and the two children talk to each other.
// Users write `from 'multiproc'`.
//   node --import tsx examples/pipe-between-children.ts
import { Process, isMainProcess } from '../src/index.js';
import { Pipe, type Connection } from '../src/connection/index.js';

/** Speaks first, then prints the answer. */
export async function proc1(pipe: Connection): Promise<void> {
  pipe.send('hello');
  console.log(`proc1 rec: ${await pipe.recv()}`);
}

/** Prints what it hears, then answers. */
export async function proc2(pipe: Connection): Promise<void> {
  console.log(`proc2 rec: ${await pipe.recv()}`);
  pipe.send('hello, too');
}

if (isMainProcess()) {
  const pipe = Pipe();
  const p1 = new Process({ target: proc1, args: [pipe[0]] });
  const p2 = new Process({ target: proc2, args: [pipe[1]] });
  p1.start();
  p2.start();
  await p1.join();
  await p2.join();
}
