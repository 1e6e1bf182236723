// Seeds 001 and 002: what join() changes. Without it the parent goes on at once; joining inside the start loop
// runs the children one after another; starting all and then joining all runs them together. Users write `from 'multiproc'`.
//   node --import tsx examples/process-join-vs-no-join.ts
import { setTimeout as sleep } from 'node:timers/promises';
import { Process, isMainProcess } from '../src/index.js';

const WORK_MS = 200;

/** Seed 002's f(name): greets, works a little. */
export async function f(name: string): Promise<void> {
  console.log(`hello ${name}`);
  await sleep(WORK_MS);
}

if (isMainProcess()) {
  console.log('1) start without join: the parent does not wait');
  const lone = new Process({ target: f, args: ['bob'] });
  lone.start();
  console.log('I am the parent, printed before the child greets');
  await lone.join(); // only so that the next part starts clean

  console.log('2) join inside the loop: one child at a time');
  let started = Date.now();
  for (let i = 0; i < 3; i++) {
    const p = new Process({ target: f, args: [`serial-${i}`] });
    p.start();
    await p.join();
  }
  const serialMs = Date.now() - started;

  console.log('3) start all, then join all: together');
  started = Date.now();
  const all = [0, 1, 2].map((i) => new Process({ target: f, args: [`together-${i}`] }));
  for (const p of all) p.start();
  await Promise.all(all.map((p) => p.join()));
  const togetherMs = Date.now() - started;

  // Each child also pays its start-up (a fresh Node process), so the gap is more than the work alone.
  console.log(`serial at least 3 x ${WORK_MS} ms: ${serialMs >= 3 * WORK_MS}`);
  console.log(`serial took ${serialMs} ms, together ${togetherMs} ms`);
  console.log('the parent is running again');
}
