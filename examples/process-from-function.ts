// Seeds 000 (例1.1) and 004: a function run as a child process with new Process({ target, args }), then the
// parent reads pid, name and isAlive() and waits with join(). Users write `from 'multiproc'`.
//   node --import tsx examples/process-from-function.ts
import { setTimeout as sleep } from 'node:timers/promises';
import { Process, isMainProcess } from '../src/index.js';

/** The child's work: say who it is, then tell the time a few times, `interval` ms apart. */
export async function runProc(name: string, interval: number): Promise<void> {
  console.log(`Run child process ${name} (${process.pid})...`);
  for (let n = 3; n > 0; n--) {
    console.log(`The time is ${new Date().toTimeString().slice(0, 8)}`);
    await sleep(interval);
  }
}

if (isMainProcess()) {
  console.log(`Parent process ${process.pid}.`);
  const p = new Process({ target: runProc, args: ['test', 100] });
  console.log('Process will start.');
  p.start();
  console.log(`p.pid: ${p.pid}`);
  console.log(`p.name: ${p.name}`);
  console.log(`p.isAlive: ${p.isAlive()}`);
  await p.join();
  console.log(`p.isAlive after join: ${p.isAlive()}, exitcode ${p.exitcode}`);
  console.log('Process end.');
}
