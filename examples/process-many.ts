// Seed 000 (例1.2): three functions started as three processes; the parent prints cpuCount() and
// activeChildren() and does not wait for them. Users write `from 'multiproc'`.
//   node --import tsx examples/process-many.ts
import { setTimeout as sleep } from 'node:timers/promises';
import { Process, activeChildren, cpuCount, isMainProcess } from '../src/index.js';

/** Child 1: announces itself, works `interval` ms, says it ended. */
export async function worker1(interval: number): Promise<void> {
  console.log('worker_1');
  await sleep(interval);
  console.log('end worker_1');
}

/** Child 2: the same with its own name. */
export async function worker2(interval: number): Promise<void> {
  console.log('worker_2');
  await sleep(interval);
  console.log('end worker_2');
}

/** Child 3: the same with its own name. */
export async function worker3(interval: number): Promise<void> {
  console.log('worker_3');
  await sleep(interval);
  console.log('end worker_3');
}

if (isMainProcess()) {
  const p1 = new Process({ target: worker1, args: [100] });
  const p2 = new Process({ target: worker2, args: [200] });
  const p3 = new Process({ target: worker3, args: [300] });
  p1.start();
  p2.start();
  p3.start();
  console.log(`The number of CPU is: ${cpuCount()}`);
  for (const p of activeChildren()) console.log(`child p.name: ${p.name}\tp.pid: ${p.pid}`);
  console.log('END!!!!!!!!!!!!!!!!!');
  // No join(): like Python, the parent's code ends here and the program lasts until its (non-daemon) children end.
}
