// Seed 001 (示例2): applyAsync() returns an AsyncResult; awaiting get() right after each submit makes the tasks
// run one after another — collect the results first and get() them afterwards to run them together.
// Users write `from 'multiproc'`.
//   node --import tsx examples/pool-apply-async-get.ts
import { setTimeout as sleep } from 'node:timers/promises';
import { isMainProcess } from '../src/index.js';
import { Pool } from '../src/pool/index.js';

/** Seed 001's text(con): returns con squared after a pause. */
export async function text(con: number): Promise<number> {
  await sleep(100);
  return con ** 2;
}

if (isMainProcess()) {
  const pool = new Pool(2);
  let started = Date.now();
  for (let i = 1; i < 5; i++) {
    const result = pool.applyAsync(text, [i]);
    console.log(await result.get()); // 1, 4, 9, 16 — one at a time
  }
  const oneByOne = Date.now() - started;

  started = Date.now();
  const results = [1, 2, 3, 4].map((i) => pool.applyAsync(text, [i]));
  const values = await Promise.all(results.map((result) => result.get()));
  console.log(`submitted first, then get(): ${values.join(', ')}`);
  console.log(`one by one took ${oneByOne} ms, together ${Date.now() - started} ms`);
  pool.close();
  await pool.join();
}
