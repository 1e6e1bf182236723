// Seeds 002, 003 and 004: Pipe() gives two connected ends. The child sends through its end, the parent receives;
// then both talk both ways (a pipe is duplex by default). Users write `from 'multiproc'`.
//   node --import tsx examples/pipe.ts
import { Process, isMainProcess } from '../src/index.js';
import { Pipe, type Connection } from '../src/connection/index.js';

/** Seeds 002/004's f(conn): send one object, close this end. */
export function f(conn: Connection): void {
  conn.send([42, null, 'hello']);
  conn.close();
}

/** Seed 003's f(conn): greet the parent, then print its answer. */
export async function chat(conn: Connection): Promise<void> {
  conn.send('hello, dad!');
  console.log(`child received: ${await conn.recv()}`);
  conn.close();
}

if (isMainProcess()) {
  const [parentConn, childConn] = Pipe();
  const p = new Process({ target: f, args: [childConn] });
  p.start();
  console.log(`parent received: ${JSON.stringify(await parentConn.recv())}`); // [42,null,"hello"]
  await p.join();

  const [dadConn, sonConn] = Pipe();
  const son = new Process({ target: chat, args: [sonConn] });
  son.start();
  console.log(`parent received: ${await dadConn.recv()}`);
  dadConn.send('hello, son!');
  await son.join();
}
