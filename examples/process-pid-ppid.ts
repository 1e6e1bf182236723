// Seeds 002, 003 and 004: every child knows its own pid and its parent's (Python's os.getpid()/os.getppid();
// seed 004's os.fork() has no Node equivalent, Process plays its part). Users write `from 'multiproc'`.
//   node --import tsx examples/process-pid-ppid.ts
import { setTimeout as sleep } from 'node:timers/promises';
import { Process, currentProcess, isMainProcess, parentProcess } from '../src/index.js';

/** Seed 003's zx: a subclass whose run() reports its name, pid and parent pid. */
export class Reporter extends Process {
  override async run(): Promise<void> {
    await sleep(100);
    console.log(`${this.name}: pid ${process.pid}, parent pid ${process.ppid}, parentProcess().pid ${parentProcess()?.pid}`);
  }
}

/** Seed 002's f(x): reports, returns x*x (a Process's return value is not kept; use a Pool for results). */
export function f(x: number): number {
  console.log(`child ${currentProcess().name} of ${parentProcess()?.name}: squares ${x}`);
  return x * x;
}

if (isMainProcess()) {
  console.log(`main process: pid ${process.pid}, name ${currentProcess().name}, parentProcess() ${parentProcess()}`);
  const children = [new Reporter(), new Reporter(), new Reporter(), new Process({ target: f, args: [4] })];
  for (const p of children) p.start();
  console.log(`I (${process.pid}) just created child processes ${children.map((p) => p.pid).join(', ')}`);
  for (const p of children) await p.join();
}
