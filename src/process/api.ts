// Python's module-level process functions.
import { availableParallelism } from 'node:os';
import { liveChildren } from './children.js';
import type { Process } from './process.js';

/** The children started by this process that are still running (finished ones are reaped). */
export function activeChildren(): Process[] {
  return liveChildren().filter((child) => child.isAlive());
}

/** The number of CPUs this process may use. */
export function cpuCount(): number {
  return availableParallelism();
}
