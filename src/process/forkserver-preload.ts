// Python's set_forkserver_preload(): modules every 'forkserver' child imports before it is handed its target, so that
// a warm spare has them loaded while it waits. Specifiers are resolved here, in the parent, so that a typo is an error
// at the call (Python's forkserver ignores a module it cannot import) and the spare imports exactly the URL the
// target's own reference will name.
import { existsSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ValueError } from '../errors.js';
import { setPreloadModules } from './launch-spawn.js';

const URL_SCHEME = /^[a-z][a-z0-9+.-]+:/i;

function moduleUrl(specifier: string | URL): string {
  if (specifier instanceof URL) return specifier.href;
  if (isBuiltin(specifier)) return specifier.startsWith('node:') ? specifier : `node:${specifier}`;
  if (URL_SCHEME.test(specifier)) return new URL(specifier).href;
  if (isAbsolute(specifier) || specifier.startsWith('.')) {
    const path = resolve(specifier);
    if (!existsSync(path)) throw new ValueError(`cannot preload ${JSON.stringify(specifier)}: there is no file ${path} (relative paths start from the current directory)`);
    return pathToFileURL(path).href;
  }
  try {
    return import.meta.resolve(specifier);
  } catch (error) {
    throw new ValueError(`cannot preload ${JSON.stringify(specifier)}: ${(error as Error).message}; give a package the program can import, a path or a file URL`);
  }
}

/**
 * Sets the modules (package names, paths relative to the current directory, or file URLs) that children of the
 * 'forkserver' start method import before their target, in order; `[]` clears the list. A warm spare imports them
 * while it waits, so a start does not: list the modules your targets live in and their heavy dependencies. They load
 * as in any child (isMainProcess() is false) but before the spare knows which child it becomes: currentProcess().name
 * is 'ForkServerProcess' meanwhile, and they see the environment of when the spare started. An error while one loads
 * is ignored there; a child whose target needs that module reports it.
 */
export function setForkserverPreload(modules: readonly (string | URL)[]): void {
  if (!Array.isArray(modules) || !modules.every((module) => typeof module === 'string' || module instanceof URL)) {
    throw new TypeError('setForkserverPreload() takes an array of module names, paths or URLs');
  }
  setPreloadModules(modules.map(moduleUrl));
}
