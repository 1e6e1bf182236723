// Seed 000's pitfall: "the function a process runs cannot be a lambda". The child imports the target's module, so
// a target must be an exported function (or an exported Process subclass); an arrow function in a variable, a
// closure or a method is refused at start() with a TypeError that says how to fix it. Users write `from 'multiproc'`.
//   node --import tsx examples/process-target-must-be-exported.ts
import { Process, isMainProcess } from '../src/index.js';

/** An exported target: the child can import it. */
export function greet(who: string): void {
  console.log(`hello, ${who}, from an exported function`);
}

if (isMainProcess()) {
  const notImportable = (who: string) => console.log(`hello, ${who}`);
  try {
    new Process({ target: notImportable, args: ['lambda'] }).start();
  } catch (error) {
    console.log(`refused: ${(error as Error).name}`);
    console.log((error as Error).message);
  }
  const p = new Process({ target: greet, args: ['world'] });
  p.start();
  await p.join();
}
