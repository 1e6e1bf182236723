// Seed 000: a Pool's workers cannot share a plain Queue passed as an argument in Python ("Queue objects should only
// be shared between processes through inheritance"); the answer is Manager().Queue(), whose proxy any worker can
// use. The parent then drains it, checking empty() first because get() would wait. Users write `from 'multiproc'`.
//   node --import tsx examples/manager-queue-pool.ts
import { isMainProcess } from '../src/index.js';
import { Manager, type QueueProxy } from '../src/managers/index.js';
import { Pool } from '../src/pool/index.js';

/** A pool task that reports through the managed queue it receives. */
export async function work(q: QueueProxy<string>, n: number): Promise<number> {
  await q.put(`task ${n} done in process ${process.pid}`);
  return n * n;
}

if (isMainProcess()) {
  await using manager = await Manager();
  const q = await manager.Queue<string>();
  await using pool = new Pool(2);
  const results = await pool.starmap(work, [0, 1, 2, 3].map((n) => [q, n]));
  console.log(`results: ${JSON.stringify(results)}`);
  const lines: string[] = [];
  while (!(await q.empty())) lines.push(await q.get());
  console.log(`the queue held ${lines.length} messages`);
  for (const line of lines.sort()) console.log(line.replace(/\d+$/, 'PID'));
}
