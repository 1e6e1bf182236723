// Runs one chunk of a pool task in a worker: decodes its items and calls the function on each, in order. Kept apart
// from the worker's loop so that the warm-up (warm-up.ts) runs this very code before the first real chunk.
import type { TaskFrame } from './messages.js';
import { decodeChunk } from './tasks.js';

export function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as { then?: unknown }).then === 'function';
}

/** The chunk's results, in item order (async targets awaited one by one, as Python's worker calls them in turn). */
export async function runChunk(fn: Function, task: Pick<TaskFrame, 'star' | 'payload'>): Promise<unknown[]> {
  const [items, kwds] = await decodeChunk(task.payload);
  const results = new Array<unknown>(items.length);
  for (let i = 0; i < items.length; i++) {
    let value: unknown;
    // The common case (map over single items, no keywords) calls straight through: no argument arrays.
    if (!task.star && kwds === undefined) value = fn(items[i]);
    else {
      const args = task.star ? (items[i] as unknown[]) : [items[i]];
      value = kwds === undefined ? fn(...args) : fn(...args, kwds);
    }
    results[i] = isPromiseLike(value) ? await value : value;
  }
  return results;
}
