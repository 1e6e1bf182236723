// The pool worker's main loop (the target of every pool worker process or thread): run the initializer, then take
// tasks from its pipe with blocking receives, run them (awaiting async targets), and send each chunk's outcome back.
import { EOFError, MaybeEncodingError } from '../errors.js';
import type { Connection } from '../connection/index.js';
import { setBootstrapping } from '../process/identity.js';
import { resolveReference } from '../reference/resolve.js';
import type { Reference } from '../reference/locate.js';
import { encode } from '../serialize/index.js';
import { readTask, writeResult, type TaskFrame } from './messages.js';
import { isPromiseLike, runChunk } from './run-chunk.js';
import { encodeResults } from './tasks.js';
import { WARM_UP_MIN_TASKS, warmUp } from './warm-up.js';

/** The outcome's bytes; a value that cannot travel becomes a MaybeEncodingError in its place (the worker lives on). */
function encodeOutcome(ok: boolean, value: unknown): { ok: boolean; payload: Uint8Array } {
  try {
    return { ok, payload: ok ? encodeResults(value as unknown[]) : encode(value, { root: 'error' }) };
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    const shown = Array.isArray(value) && value.length === 1 ? value[0] : value;
    return { ok: false, payload: encode(new MaybeEncodingError(reason, String(shown).slice(0, 200))) };
  }
}

function receiveTask(connection: Connection): TaskFrame | null {
  try {
    return readTask(connection.recvBytesSync());
  } catch (error) {
    if (error instanceof EOFError) return null; // the pool's end is gone: nothing more will come
    throw error;
  }
}

/**
 * A task's function. One whose module fails to import in this worker (while it imported in the pool's process) stands
 * for that error: each task that uses it fails with the import's own error, and the worker lives on. The import is
 * this worker's bootstrapping, as a child's import of its target's module: starting processes there is refused.
 */
async function importFunction(reference: Reference): Promise<Function> {
  setBootstrapping('target');
  try {
    return await resolveReference(reference);
  } catch (error) {
    return () => {
      throw error;
    };
  } finally {
    setBootstrapping(undefined);
  }
}

/** Runs tasks until told to stop, or until `maxtasks` tasks are done (then the pool starts a replacement). */
export async function runPoolWorker(connection: Connection, initializer: Reference | null, initargs: unknown[], maxtasks: number | null): Promise<void> {
  if (initializer !== null) {
    const started = (await importFunction(initializer))(...initargs);
    if (isPromiseLike(started)) await started;
  }
  // Before the first task, whose chunks would otherwise run cold code (see warm-up.ts); not in a worker replaced after
  // a few tasks, which would pay the warm-up (tens of ms of CPU) again and again for little.
  if (maxtasks === null || maxtasks >= WARM_UP_MIN_TASKS) await warmUp();
  const functions: Function[] = [];
  for (let done = 0; maxtasks === null || done < maxtasks; done++) {
    const task = receiveTask(connection);
    if (task === null) break;
    if (task.ref !== null) functions[task.fn] = await importFunction(task.ref);
    const started = performance.now();
    let outcome: { ok: boolean; payload: Uint8Array };
    try {
      outcome = encodeOutcome(true, await runChunk(functions[task.fn], task));
    } catch (error) {
      outcome = encodeOutcome(false, error);
    }
    connection.sendBytes(writeResult(task.id, outcome.ok, (performance.now() - started) * 1000, outcome.payload));
  }
  connection.close();
}
