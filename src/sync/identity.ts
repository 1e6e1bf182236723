// Who holds a lock: (pid, threadId). All async code of one thread shares that identity, as all code of one Python
// thread does; a holder is dead when its process is gone (a zombie counts as gone).
import { threadId } from 'node:worker_threads';
import { isProcessAlive } from '../platform/proc.js';

/** This process's id, written into the words of the locks it holds (read each time: a forked child gets its own). */
export function selfPid(): number {
  return process.pid;
}

/** This thread's id within the process (0 for the main thread). */
export const SELF_TID = threadId;

/** False once the process `pid` has exited (even if its parent has not reaped it yet). */
export function processAlive(pid: number): boolean {
  return isProcessAlive(pid);
}
