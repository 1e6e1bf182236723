// Seed 004: threading.local() — one object whose attributes are separate in every thread, so functions called
// within a thread can share per-thread state without passing it around. Users write `from 'multiproc/threading'`.
//   node --import tsx examples/threading-local.ts
import { isMainProcess } from '../src/index.js';
import { Thread, currentThread, local } from '../src/threading/index.js';

/** Seed 004's local_school: every thread sees only what it stored itself. */
const localSchool = local() as { student?: string };

/** Reads the student of the calling thread. */
function processStudent(): void {
  console.log(`Hello, ${localSchool.student} (in ${currentThread().name})`);
}

/** Seed 004's process_thread(name): binds this thread's student, then uses it. */
export function processThread(name: string): void {
  localSchool.student = name;
  processStudent();
}

if (isMainProcess()) {
  const t1 = new Thread({ target: processThread, args: ['Alice'], name: 'Thread-A' });
  const t2 = new Thread({ target: processThread, args: ['Bob'], name: 'Thread-B' });
  t1.start();
  t2.start();
  await t1.join();
  await t2.join();
}
