// currentProcess() and parentProcess(): Process objects that stand for this process and for its parent.
import { threadId } from 'node:worker_threads';
import { isProcessAlive } from '../platform/proc.js';
import { ownIdentity } from './identity.js';
import { newState, Process, STATE } from './process.js';

let current: Process | null = null;
let parent: ParentProcess | null | undefined;

/** Called by the child bootstrap with the child's own Process object (a subclass instance when one was sent). */
export function setCurrentProcess(process: Process): void {
  current = process;
}

function standIn<T extends Process>(proto: object, name: string): T {
  const object = Object.create(proto) as T;
  Object.defineProperty(object, STATE, { value: newState({ name }, true), writable: true, enumerable: false, configurable: true });
  return object;
}

/** The Process object of the running process: 'MainProcess' in the original one. */
export function currentProcess(): Process {
  current ??= standIn(Process.prototype, ownIdentity().name);
  return current;
}

/** The parent of a child process: its pid and name; isAlive() asks the OS. */
export class ParentProcess extends Process {
  override isAlive(): boolean {
    const pid = ownIdentity().parentPid;
    if (pid === null) return false;
    if (ownIdentity().startMethod === 'thread') return true;
    return isProcessAlive(pid);
  }

  override get pid(): number | undefined {
    return ownIdentity().parentPid ?? undefined;
  }

  override get ident(): number | undefined {
    return ownIdentity().startMethod === 'thread' ? threadId : this.pid;
  }
}

/** The parent of this process, or null in the original process. */
export function parentProcess(): Process | null {
  if (parent === undefined) {
    const own = ownIdentity();
    parent = own.parentPid === null ? null : standIn<ParentProcess>(ParentProcess.prototype, own.parentName ?? 'MainProcess');
  }
  return parent;
}
