// The children this process started and has not yet seen end: for activeChildren(), and for Python's exit rules
// (daemonic children are terminated when the parent exits; a child waits for its non-daemon children and threads).
import type { Process } from './process.js';

const live = new Set<Process>();
/** The workers of threading.Thread objects started here: threads, not children, but a child must wait for them. */
const liveThreads = new Set<Process>();
let exitHookInstalled = false;

export function rememberThread(worker: Process): void {
  liveThreads.add(worker);
}

/** The non-daemon threads still running. */
export function liveNonDaemonThreads(): Process[] {
  return [...liveThreads].filter((worker) => !worker.daemon);
}

export function rememberChild(child: Process): void {
  live.add(child);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', terminateDaemons);
  }
}

export function forgetChild(child: Process): void {
  live.delete(child);
  liveThreads.delete(child);
}

/** The children still running (finished ones have already been forgotten). */
export function liveChildren(): Process[] {
  return [...live];
}

function terminateDaemons(): void {
  for (const child of live) {
    if (child.daemon) {
      try {
        child.terminate();
      } catch {
        // already gone
      }
    }
  }
}
