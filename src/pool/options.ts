// Pool arguments, checked as Python checks them, and Python's default chunk size.
import { ValueError } from '../errors.js';
import { checkInteger, checkOptionalFunction, checkOptions } from '../validate.js';
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
  const given: PoolOptions =
    typeof options === 'number' ? { processes: options } : (checkOptions(options ?? undefined, 'Pool options', 'new Pool(4) or new Pool({ processes: 4 })') ?? {});
  const { processes, initializer, initargs, maxtasksperchild } = given;
  if (processes !== undefined && processes !== null) {
    if (checkInteger(processes, 'processes', 0) < 1) throw new ValueError('Number of processes must be at least 1');
  }
  if (maxtasksperchild !== undefined && maxtasksperchild !== null) checkInteger(maxtasksperchild, 'maxtasksperchild', 1);
  checkOptionalFunction(initializer, 'initializer');
  if (initargs !== undefined && !Array.isArray(initargs)) throw new TypeError('initargs must be an array');
  return { ...given, processes: processes ?? undefined, initializer: initializer ?? undefined, context: given.context ?? context };
}

/** Python's map(): ceil(len / (4 × processes)) so that each worker gets about four chunks. */
export function defaultChunksize(length: number, processes: number): number {
  return length === 0 ? 1 : Math.ceil(length / (processes * 4));
}
