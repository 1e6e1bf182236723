// Who this process (or thread) is in the tree: Python's _current_process and _parent_process. Kept on a global
// symbol so that every copy of the library loaded in one thread agrees, and set by the child bootstrap before any
// user module is imported, so that `isMainProcess()` is already false while the target's module evaluates.
import { lazyBuiltin } from '../lazy-builtin.js';

const crypto = lazyBuiltin<typeof import('node:crypto')>('node:crypto');

export interface Identity {
  name: string;
  /** Python's _identity: the counters from the main process down to this one; Process-1:2 is [1, 2]. */
  identity: number[];
  daemon: boolean;
  /** The parent's pid (for threads: this process's own pid) and name, or null in the main process. */
  parentPid: number | null;
  parentName: string | null;
  /** Set in children: the start method that made this one, and the thread id for the thread method. */
  startMethod: string | null;
  /** A child's getStartMethod() until it sets one: the method it was started with (a thread: its process's). */
  defaultStartMethod?: string | null;
  threadId: number | null;
  /** Python's authkey, hex: inherited from the Process object that started this one; random in the main process. */
  authkey?: string;
  /**
   * Set while this child imports code before its target runs: 'preload' for setForkserverPreload()'s modules (before it
   * knows which child it becomes), 'target' for the module of its target and of the classes its arguments need.
   */
  bootstrapping?: 'preload' | 'target';
}

const KEY = Symbol.for('multiproc.identity');
const holder = globalThis as { [KEY]?: Identity & { counter: number } };

function state(): Identity & { counter: number } {
  holder[KEY] ??= { name: 'MainProcess', identity: [], daemon: false, parentPid: null, parentName: null, startMethod: null, threadId: null, counter: 0 };
  return holder[KEY]!;
}

/** Called once by the child bootstrap, before the target's module is imported. */
export function becomeChild(identity: Identity): void {
  holder[KEY] = { ...identity, counter: 0 };
}

/** Marks this child's bootstrapping phase (`phase`) or its end (`undefined`): starting a process is refused meanwhile. */
export function setBootstrapping(phase: Identity['bootstrapping']): void {
  state().bootstrapping = phase;
}

export function ownIdentity(): Readonly<Identity> {
  return state();
}

/** This process's authkey (currentProcess().authkey): 32 random bytes in the main process, made on first use. */
export function ownAuthkey(): Buffer {
  const self = state();
  self.authkey ??= crypto().randomBytes(32).toString('hex');
  return Buffer.from(self.authkey, 'hex');
}

/** currentProcess().authkey = key: what children started from now on inherit. */
export function setOwnAuthkey(key: Uint8Array): void {
  state().authkey = Buffer.from(key).toString('hex');
}

/** The name and identity of this process's next child: Process-N, or Process-1:N inside Process-1. */
export function nextChildIdentity(): { name: string; identity: number[] } {
  const self = state();
  const identity = [...self.identity, ++self.counter];
  return { name: `Process-${identity.join(':')}`, identity };
}

/** True in the process the user started; false in every child process, pool worker and thread-method child. */
export function isMainProcess(): boolean {
  return state().parentPid === null;
}
