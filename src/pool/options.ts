// Pool arguments, checked as Python checks them, and Python's default chunk size.
import { ValueError } from '../errors.js';
import type { Process } from '../process/process.js';

/** What a pool needs of a context: its Process class (any getContext() result fits). */
export interface WorkerContext {
  Process: typeof Process;
}

export interface PoolOptions {
  processes?: number;
  initializer?: Function;
  initargs?: unknown[];
  maxtasksperchild?: number | null;
  /** The start method's context (getContext('thread') …): what the workers are. */
  context?: WorkerContext;
}

export function validatePoolOptions(options: number | PoolOptions | null | undefined, context: WorkerContext): PoolOptions & { context: WorkerContext } {
  const given: PoolOptions = typeof options === 'number' ? { processes: options } : (options ?? {});
  const { processes, initializer, initargs, maxtasksperchild } = given;
  if (processes !== undefined && processes !== null) {
    if (!Number.isInteger(processes)) throw new TypeError('processes must be an integer');
    if (processes < 1) throw new ValueError('Number of processes must be at least 1');
  }
  if (maxtasksperchild !== undefined && maxtasksperchild !== null && (!Number.isInteger(maxtasksperchild) || maxtasksperchild < 1)) {
    throw new ValueError('maxtasksperchild must be a positive int or None');
  }
  if (initializer !== undefined && initializer !== null && typeof initializer !== 'function') throw new TypeError('initializer must be a callable');
  if (initargs !== undefined && !Array.isArray(initargs)) throw new TypeError('initargs must be an array');
  return { ...given, processes: processes ?? undefined, initializer: initializer ?? undefined, context: given.context ?? context };
}

/** Python's map(): ceil(len / (4 × processes)) so that each worker gets about four chunks. */
export function defaultChunksize(length: number, processes: number): number {
  return length === 0 ? 1 : Math.ceil(length / (processes * 4));
}
