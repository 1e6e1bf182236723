// Seeds 001, 003 and 004: a Pool of worker processes runs tasks submitted with applyAsync(); close() then join()
// waits for all of them. At most `processes` tasks run at once. Users write `from 'multiproc'`.
//   node --import tsx examples/pool-apply-async.ts
import { setTimeout as sleep } from 'node:timers/promises';
import { isMainProcess } from '../src/index.js';
import { Pool } from '../src/pool/index.js';

/** Seed 004's long_time_task(name): runs a while in a worker and reports how long. */
export async function longTimeTask(name: number): Promise<void> {
  console.log(`Run task ${name} (${process.pid})...`);
  const start = Date.now();
  await sleep(100 + 50 * name);
  console.log(`Task ${name} runs ${((Date.now() - start) / 1000).toFixed(2)} seconds.`);
}

if (isMainProcess()) {
  console.log(`Parent process ${process.pid}.`);
  const p = new Pool(4);
  for (let i = 0; i < 5; i++) p.applyAsync(longTimeTask, [i]);
  console.log('Waiting for all subprocesses done...');
  p.close();
  await p.join();
  console.log('All subprocesses done.');
}
