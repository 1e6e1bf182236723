// Seed 002: terminate() asks the child to stop (SIGTERM) without waiting; isAlive() stays true until the child has
// really exited, and exitcode then tells the signal as -15. Users write `from 'multiproc'`.
//   node --import tsx examples/process-terminate.ts
import { setTimeout as sleep } from 'node:timers/promises';
import { Process, isMainProcess } from '../src/index.js';

/** Seed 002's chatter: would talk for a long while. */
export class Chatter extends Process {
  constructor(public person: string) {
    super();
  }

  override async run(): Promise<void> {
    console.log(`${this.person} is chatting`);
    await sleep(5000);
    console.log(`${this.person} is still chatting`);
  }
}

if (isMainProcess()) {
  const p1 = new Chatter('nezha');
  p1.start();
  console.log(`pid: ${p1.pid}`);
  await sleep(500);
  p1.terminate(); // not immediate: the process is still alive right after this call
  console.log(`isAlive right after terminate(): ${p1.isAlive()}`);
  await p1.join();
  console.log(`isAlive after join(): ${p1.isAlive()}`);
  console.log(`exitcode: ${p1.exitcode}`);
}
