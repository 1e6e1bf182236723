// Seeds 000 (例1.3), 001 and 002: a process defined as an exported subclass of Process that overrides run();
// start() calls run() in the child. Fields set in the constructor travel with the object. Users write `from 'multiproc'`.
//   node --import tsx examples/process-subclass.ts
import { setTimeout as sleep } from 'node:timers/promises';
import { Process, isMainProcess } from '../src/index.js';

/** Seed 000's ClockProcess: ticks three times, `interval` ms apart. */
export class ClockProcess extends Process {
  constructor(public interval: number) {
    super();
  }

  override async run(): Promise<void> {
    for (let n = 1; n <= 3; n++) {
      console.log(`${this.name}: tick ${n}`);
      await sleep(this.interval);
    }
  }
}

/** Seeds 001/002's MyProcess: takes a person's name; `name` itself stays the process name (see seed 002's warning). */
export class MyProcess extends Process {
  constructor(public person: string) {
    super();
  }

  override run(): void {
    console.log(`${this.name} (pid ${process.pid}) is chatting with ${this.person}`);
  }
}

if (isMainProcess()) {
  const clock = new ClockProcess(100);
  clock.start();
  await clock.join();

  const chatters = ['wupeiqi', 'yuanhao', 'nezha'].map((person) => new MyProcess(person));
  for (const p of chatters) p.start(); // start() runs run() in a new process; p.run() would run it here
  for (const p of chatters) await p.join();
  console.log(`exit codes: ${chatters.map((p) => p.exitcode).join(', ')}`);
  console.log('main process ends');
}
