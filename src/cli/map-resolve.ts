// Turns `multiproc map`'s <module>:<export> argument into a MapTarget the workers can import: a path is taken
// relative to the current directory, anything else is resolved as a package from there. Nothing is imported here.
import { existsSync, statSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { MapTarget } from './map-target.js';

/** A problem with the command line or its files, found before any work starts (the CLI exits 2). */
export class MapSetupError extends Error {
  override name = 'MapSetupError';
}

const EXPORT_NAME = /^[A-Za-z_$][\w$]*$/;

/** Splits <module>:<export> at the last colon when what follows is an identifier; no export means 'default'. */
export function splitTargetArgument(argument: string): { module: string; exportName: string } {
  const colon = argument.lastIndexOf(':');
  const exportName = colon < 0 ? '' : argument.slice(colon + 1);
  // `node:path` alone names a module; `./work.ts:square` and `node:path:basename` name an export.
  const namesExport = colon > 0 && EXPORT_NAME.test(exportName) && !(argument.startsWith('node:') && colon === 4);
  const module = namesExport ? argument.slice(0, colon) : argument;
  if (module === '') throw new MapSetupError(`no module in '${argument}': expected <module>:<export>, e.g. ./work.ts:square`);
  return { module, exportName: namesExport ? exportName : 'default' };
}

const SCRIPT_EXTENSION = /\.(?:[cm]?[jt]s|tsx|jsx)$/;

/** ./x, ../x, /x, or a script file name: a path (a package name has no such ending). */
function looksLikePath(module: string): boolean {
  return module.startsWith('./') || module.startsWith('../') || module === '.' || module === '..' || isAbsolute(module) || SCRIPT_EXTENSION.test(module);
}

function resolvePath(module: string, cwd: string): string {
  const path = resolve(cwd, module);
  if (!existsSync(path)) throw new MapSetupError(`cannot find module ${module} (no file ${path})`);
  if (statSync(path).isDirectory()) throw new MapSetupError(`${module} is a directory; name the module file (e.g. ${join(module, 'index.js')})`);
  return pathToFileURL(path).href;
}

function resolvePackage(module: string, cwd: string): string {
  if (module.startsWith('node:') || builtinModules.includes(module)) return module.startsWith('node:') ? module : `node:${module}`;
  try {
    return pathToFileURL(createRequire(join(cwd, 'noop.js')).resolve(module)).href;
  } catch {
    // An ES-only package (exports without a "require" condition): resolve it as import() would, from the CLI's place.
    try {
      return import.meta.resolve(module);
    } catch {
      throw new MapSetupError(`cannot find module ${module} (not a file here, nor a package installed for ${cwd})`);
    }
  }
}

/** The MapTarget for `argument`, resolved from `cwd`; MapSetupError when the module cannot be found. */
export function resolveMapTarget(argument: string, cwd: string): MapTarget {
  const { module, exportName } = splitTargetArgument(argument);
  // A bare name that is a file here (work.ts, src/work.js) is that file, as the user most likely means.
  const here = resolve(cwd, module);
  const isFile = looksLikePath(module) || (existsSync(here) && statSync(here).isFile());
  const url = isFile ? resolvePath(module, cwd) : resolvePackage(module, cwd);
  return { module, url, exportName };
}
