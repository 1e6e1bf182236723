// The caller's side of a result message: check it, decode each outcome (resolving the classes it names under the
// package root of the task's target, never elsewhere) and hand it to the pool, which delivers each task once.
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { referenceOf } from '../reference/locate.js';
import { decodeAsync } from '../serialize/index.js';
import { readOutcomes } from './jobs.js';
import { importReferences } from './portable.js';
import { nearestPackageRoot } from './target-ref.js';

const HOST = hostname();
const roots = new WeakMap<Function, string>();

/** Where the caller resolves class references in results: the package root of the task's target. */
function rootOf(fn: Function): string {
  let root = roots.get(fn);
  if (root === undefined) {
    const file = fileURLToPath(referenceOf(fn).url);
    root = nearestPackageRoot(dirname(file)) ?? dirname(file);
    roots.set(fn, root);
  }
  return root;
}

/**
 * Decodes the outcomes of one message for the tasks still owed (`targetOf` gives their target, undefined for a task
 * already delivered) and settles each; a malformed message is dropped, a malformed outcome fails its task.
 */
export async function deliverOutcomes(message: Buffer, targetOf: (id: number) => Function | undefined, settle: (id: number, ok: boolean, value: unknown) => void): Promise<void> {
  let outcomes;
  try {
    outcomes = readOutcomes(message);
  } catch {
    return; // not from one of our workers: nothing to deliver
  }
  for (const [id, ok, bytes] of outcomes) {
    const fn = targetOf(id);
    if (fn === undefined) continue;
    let value: unknown;
    let good = ok;
    try {
      value = await decodeAsync(importReferences(bytes, rootOf(fn), HOST));
      if (ok && !Array.isArray(value)) throw new TypeError('a worker sent a malformed result');
    } catch (error) {
      good = false;
      value = error;
    }
    settle(id, good, value);
  }
}

