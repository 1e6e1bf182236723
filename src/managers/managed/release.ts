// A managed object holding resources (a Pool's workers) frees them when the server drops it: when no proxy refers
// to it any more, or at shutdown. Registered classes may implement it too.

/** `obj[RELEASE]()` is called (and awaited) once when the server drops `obj`. */
export const RELEASE = Symbol.for('multiproc.managers.release');

export interface Releasable {
  [RELEASE](): void | Promise<void>;
}

export function isReleasable(value: unknown): value is Releasable {
  return typeof value === 'object' && value !== null && typeof (value as Partial<Releasable>)[RELEASE] === 'function';
}
