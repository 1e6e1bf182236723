// Node built-ins that only some paths need, loaded at first use: every child process imports the library's core, and
// each built-in it does not load at start is 1–4 ms less between start() and the target running.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** A getter for built-in `name` that loads it on its first call. */
export function lazyBuiltin<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(name) as T);
}
