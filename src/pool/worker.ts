// The pool worker's main loop (the target of every pool worker process or thread): run the initializer, then take
// tasks from its pipe with blocking receives, run them (awaiting async targets), and send each chunk's outcome back.
import { EOFError, MaybeEncodingError } from '../errors.js';
import type { Connection } from '../connection/index.js';
import { resolveReference } from '../reference/resolve.js';
import type { Reference } from '../reference/locate.js';
import { decodeAsync } from '../serialize/index.js';
import type { ResultMessage, TaskMessage } from './messages.js';

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as { then?: unknown }).then === 'function';
}

async function runChunk(fn: Function, task: TaskMessage): Promise<unknown[]> {
  const [items, kwds] = (await decodeAsync(task.payload)) as [unknown[], object | undefined];
  const results = new Array<unknown>(items.length);
  for (let i = 0; i < items.length; i++) {
    const args = task.star ? (items[i] as unknown[]) : [items[i]];
    let value = kwds === undefined ? fn(...args) : fn(...args, kwds);
    if (isPromiseLike(value)) value = await value;
    results[i] = value;
  }
  return results;
}

function sendResult(connection: Connection, result: ResultMessage): void {
  try {
    connection.send(result);
  } catch (error) {
    // The result cannot travel: say so in its place, and live on (Python's MaybeEncodingError).
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    const shown = String(result.value).slice(0, 200);
    connection.send({ ...result, ok: false, value: new MaybeEncodingError(reason, shown) });
  }
}

/** Runs tasks until told to stop, or until `maxtasks` tasks are done (then the pool starts a replacement). */
export async function poolWorker(connection: Connection, initializer: Reference | null, initargs: unknown[], maxtasks: number | null): Promise<void> {
  if (initializer !== null) {
    const init = await resolveReference(initializer);
    const started = init(...initargs);
    if (isPromiseLike(started)) await started;
  }
  const functions: Function[] = [];
  let done = 0;
  while (maxtasks === null || done < maxtasks) {
    let task: TaskMessage | null;
    try {
      task = connection.recvSync() as TaskMessage | null;
    } catch (error) {
      if (error instanceof EOFError) break; // the pool's end is gone: nothing more will come
      throw error;
    }
    if (task === null) break;
    if (task.ref !== null) functions[task.fn] = await resolveReference(task.ref);
    let result: ResultMessage;
    try {
      result = { job: task.job, chunk: task.chunk, ok: true, value: await runChunk(functions[task.fn], task) };
    } catch (error) {
      result = { job: task.job, chunk: task.chunk, ok: false, value: error };
    }
    sendResult(connection, result);
    done++;
  }
  connection.close();
}
