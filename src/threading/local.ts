// Python's threading.local: an object whose attributes each thread sees separately. Threads share no JS heap, so a
// local defined at module level is already separate in every thread (each thread evaluates the module anew). What
// this class adds is the rest of Python's rule: a local sent to another thread arrives empty there (it is never
// copied), the same local sent twice to one thread is the same object, and one sent back home is the original.
import { threadId } from 'node:worker_threads';
import { referenceOf, type Reference } from '../reference/locate.js';
import { resolveTrustedReferenceSync } from '../reference/resolve.js';
import { registerReducer } from '../serialize/index.js';

const ID = Symbol('multiproc.local');
/** This thread's locals by id: what a received local resolves to. */
const known = new Map<string, WeakRef<Local>>();
const forget = new FinalizationRegistry<string>((id) => known.delete(id));
let created = 0;
/** Set while a received local is being made here, so that the constructor takes the sender's id. */
let reviving: string | null = null;

/** The class behind local(); an exported subclass runs its constructor again in every thread it reaches. */
export class Local {
  declare readonly [ID]: string;

  constructor() {
    const id = reviving ?? `${process.pid}:${threadId}:${++created}`;
    reviving = null;
    Object.defineProperty(this, ID, { value: id, enumerable: false });
    known.set(id, new WeakRef(this));
    forget.register(this, id);
  }
}

/** A new thread-local namespace: `const data = local() as { student?: string }`. */
export function local<T extends object = Record<string, any>>(): T & Local {
  return new Local() as T & Local;
}

function reviveLocal(id: string, reference: Reference | null): Local {
  const mine = known.get(id)?.deref();
  if (mine !== undefined) return mine;
  // A subclass from a module this thread may not import for a peer becomes a plain Local.
  const cls = ((reference === null ? null : resolveTrustedReferenceSync(reference)) ?? Local) as new () => Local;
  reviving = id;
  try {
    return new cls();
  } finally {
    reviving = null;
  }
}

registerReducer<Local, { i: string; r: Reference | null }>({
  tag: 'multiproc.threading.local',
  type: Local,
  reduce: (value) => ({ i: value[ID], r: value.constructor === Local ? null : referenceOf(value.constructor, 'local subclass') }),
  revive: (state) => reviveLocal(state.i, state.r),
});
