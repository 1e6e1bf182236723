// Seeds 000, 001 and 004: Pool.map applies one function to every item and returns the results in input order,
// once all are done; starmap spreads argument arrays (seed 000's answer to "map with several arguments");
// mapAsync returns at once and can call back. Users write `from 'multiproc'`.
//   node --import tsx examples/pool-map.ts
import { setTimeout as sleep } from 'node:timers/promises';
import { isMainProcess } from '../src/index.js';
import { Pool } from '../src/pool/index.js';

/** Seed 001's test(con). */
export async function square(con: number): Promise<number> {
  await sleep(50);
  return con ** 2;
}

/** Seed 000's several-argument function, for starmap. */
export function power(base: number, exponent: number): number {
  return base ** exponent;
}

if (isMainProcess()) {
  await using pool = new Pool(2); // leaving the block terminates the pool, like Python's `with Pool() as pool`
  console.log(`map: ${JSON.stringify(await pool.map(square, [1, 2, 3, 4]))}`);
  console.log(`starmap: ${JSON.stringify(await pool.starmap(power, [[2, 3], [3, 2], [10, 0]]))}`);
  const result = pool.mapAsync(square, [5, 6], { callback: (values) => console.log(`mapAsync callback: ${JSON.stringify(values)}`) });
  console.log('mapAsync returned before the results');
  await result.wait();
  console.log(`successful: ${result.successful()}`);
}
