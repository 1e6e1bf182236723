// Python's module-level threading functions: who is running (currentThread, mainThread, getIdent) and what runs
// (enumerate, activeCount). Threads share no JS heap, so each thread knows the threads it started itself, plus the
// main thread and itself.
import { isMainThread, threadId } from 'node:worker_threads';
import { ownIdentity } from '../process/identity.js';
import { standInThread, type Thread } from './thread.js';
import { threadingState } from './state.js';

/** The Thread object of the main thread ('MainThread'); the same object as currentThread() there. */
export function mainThread(): Thread {
  const state = threadingState();
  state.main ??= standInThread('main', 'MainThread', false);
  return state.main;
}

/**
 * The Thread object of the calling thread: 'MainThread' in the main thread, the Thread (subclass instance included)
 * inside a started Thread, and a stand-in named after the child inside a getContext('thread') Process.
 */
export function currentThread(): Thread {
  const state = threadingState();
  state.current ??= isMainThread ? mainThread() : standInThread('self', ownIdentity().name, ownIdentity().daemon);
  return state.current;
}

/** The main thread, the calling thread, and the threads the calling thread started that are still alive. */
export function enumerate(): Thread[] {
  const state = threadingState();
  const threads = new Set<Thread>([mainThread(), currentThread()]);
  for (const thread of state.live) if (thread.isAlive()) threads.add(thread);
  return [...threads];
}

/** enumerate().length, as Python's active_count(). */
export function activeCount(): number {
  return enumerate().length;
}

/** The calling thread's ident: its worker_threads threadId (0 in the main thread). */
export function getIdent(): number {
  return threadId;
}
