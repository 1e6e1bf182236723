// Seed 002: processes share no memory. The child changes its copy of a module variable; the parent's stays as it
// was. (To share, use Value/SharedArray, a Queue or a Manager.) Users write `from 'multiproc'`.
//   node --import tsx examples/process-data-isolation.ts
import { Process, isMainProcess } from '../src/index.js';

/** Module state: every process that imports this file has its own `n`. */
let n = 100;

/** The child's work: change n here, in the child only. */
export function work(): void {
  n = 0;
  console.log(`in the child: n = ${n}`);
}

if (isMainProcess()) {
  const p = new Process({ target: work });
  p.start();
  await p.join();
  console.log(`in the parent: n = ${n}`);
}
