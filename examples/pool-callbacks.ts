// Seeds 000 and 001: applyAsync's callback and errorCallback run in the parent, once per task. An error in a task
// does not break the pool: it reaches errorCallback (or get() rejects). Users write `from 'multiproc'`.
//   node --import tsx examples/pool-callbacks.ts
import { isMainProcess } from '../src/index.js';
import { Pool } from '../src/pool/index.js';

/** Doubles n, refusing negative numbers. */
export function double(n: number): number {
  if (n < 0) throw new RangeError(`negative input: ${n}`);
  return n * 2;
}

if (isMainProcess()) {
  const pool = new Pool(2);
  const lines: string[] = [];
  for (const n of [1, -1, 2]) {
    pool.applyAsync(double, [n], {
      callback: (value) => lines.push(`callback got ${value}`),
      errorCallback: (error) => lines.push(`errorCallback got ${error.name}: ${error.message}`),
    });
  }
  pool.close();
  await pool.join();
  for (const line of lines.sort()) console.log(line);
}
