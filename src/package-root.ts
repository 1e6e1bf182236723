// The library's own files, found from its package root rather than from the calling module: in the built package
// a module's code may sit in a shared chunk (dist/chunks/), so `new URL('./x', import.meta.url)` would miss.
import { existsSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Running from the TypeScript source (a checkout under tsx) rather than the built dist/. */
export const FROM_SOURCE = import.meta.url.endsWith('.ts');

let root: string | undefined;

/** The folder holding the library's package.json: the first one above this module. */
export function packageRoot(): string {
  if (root !== undefined) return root;
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return (root = dir);
    if (dirname(dir) === dir) throw new Error(`multiproc: no package.json above ${fileURLToPath(import.meta.url)}`);
  }
}

/** The folder under the root that this copy of the library runs from: src/ in a checkout, dist/ when built. */
function libraryBase(): string {
  return join(packageRoot(), relative(packageRoot(), fileURLToPath(import.meta.url)).split(sep)[0]);
}

/** The URL of the library module `path` (as 'process/bootstrap'), in the same copy of the library as this one. */
export function libraryModule(path: string): URL {
  return pathToFileURL(join(libraryBase(), `${path}.${FROM_SOURCE ? 'ts' : 'js'}`));
}
