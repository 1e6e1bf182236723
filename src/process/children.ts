// The children this process started and has not yet seen end: for activeChildren(), and for Python's exit rules
// (daemonic children are terminated when the parent exits).
import type { Process } from './process.js';

const live = new Set<Process>();
let exitHookInstalled = false;

export function rememberChild(child: Process): void {
  live.add(child);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', terminateDaemons);
  }
}

export function forgetChild(child: Process): void {
  live.delete(child);
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
