// References that make sense on another machine: a module's path relative to its package root (the nearest folder
// holding a package.json), the export name and a digest of the function's source. The receiver resolves the path
// under its own root and imports nothing else: a message cannot name a file outside that root, and a file whose
// function differs from the sender's (another version of the code) is refused rather than run.
import { existsSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, posix, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ImportError } from '../errors.js';
import { digestOf, referenceOf, type Reference } from '../reference/locate.js';
import { resolveReference } from '../reference/resolve.js';
import { libraryModule } from '../package-root.js';

export interface PortableReference {
  /** POSIX path of the module relative to its package root, e.g. 'src/work.ts'. */
  path: string;
  name: string;
  kind: 'esm' | 'cjs';
  digest: string;
}

const packageRoots = new Map<string, string | null>();

/** The nearest folder at or above `dir` that holds a package.json, or null. */
export function nearestPackageRoot(dir: string): string | null {
  const known = packageRoots.get(dir);
  if (known !== undefined) return known;
  const found = existsSync(join(dir, 'package.json')) ? dir : dirname(dir) === dir ? null : nearestPackageRoot(dirname(dir));
  packageRoots.set(dir, found);
  return found;
}

/** Paths of the library's own modules start with this: the receiver finds them in its own copy of multiproc. */
const LIBRARY = 'multiproc:';
let libraryBase: string | undefined;

/** The folder this copy of the library runs from (src/ in a checkout, dist/ when built). */
function libraryFolder(): string {
  return (libraryBase ??= dirname(fileURLToPath(libraryModule('index'))));
}

/** A local reference made portable; TypeError when its module is not inside a package (nothing to be relative to). */
export function toPortable(reference: Reference, role = 'target'): PortableReference {
  const file = fileURLToPath(reference.url);
  if (file.startsWith(libraryFolder() + sep)) {
    // The library's own classes (shared objects sent in arguments) resolve in the receiver's copy of the library.
    const module = relative(libraryFolder(), file).split(sep).join('/').replace(/\.(ts|js)$/, '');
    return { path: LIBRARY + module, name: reference.name, kind: reference.kind, digest: reference.digest };
  }
  const root = nearestPackageRoot(dirname(file));
  if (root === null) {
    throw new TypeError(`${role} '${reference.name}' of ${file} cannot be sent to another machine: no package.json above its module; ` +
      'put the code in a package (a folder with a package.json), the same on every machine');
  }
  return { path: relative(root, file).split(sep).join('/'), name: reference.name, kind: reference.kind, digest: reference.digest };
}

const portableCache = new WeakMap<Function, PortableReference>();

/** The portable reference of an exported function or class; TypeError at the caller for anything else. */
export function portableReferenceOf(fn: unknown, role = 'target'): PortableReference {
  if (typeof fn === 'function') {
    const known = portableCache.get(fn);
    if (known !== undefined) return known;
  }
  const portable = toPortable(referenceOf(fn, role), role);
  portableCache.set(fn as Function, portable);
  return portable;
}

function refuse(path: string, host: string, why: string): ImportError {
  return new ImportError(`cannot import module '${path}' on worker ${host}: ${why}`);
}

/** Checks a received reference (hostile input) and finds its file under `root`; ImportError saying why not. */
export function fromPortable(value: unknown, root: string, host: string): Reference {
  const ref = value as Partial<PortableReference> | null;
  if (ref === null || typeof ref !== 'object' || typeof ref.path !== 'string' || typeof ref.name !== 'string' ||
      typeof ref.digest !== 'string' || (ref.kind !== 'esm' && ref.kind !== 'cjs')) {
    throw new ImportError(`a malformed module reference was received on worker ${host}`);
  }
  const { path } = ref;
  if (path.startsWith(LIBRARY)) {
    const module = path.slice(LIBRARY.length);
    if (!/^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/.test(module)) throw refuse(path, host, 'not a module of the library');
    return { url: libraryModule(module).href, name: ref.name, kind: ref.kind, digest: ref.digest };
  }
  if (path === '' || path.includes('\0') || isAbsolute(path) || posix.normalize(path) !== path || path.split('/').includes('..')) {
    throw refuse(path, host, 'the path is not a plain path inside a package');
  }
  const rootReal = realpathSync(root);
  const file = join(rootReal, ...path.split('/'));
  if (!existsSync(file)) throw refuse(path, host, `no such file under ${rootReal}`);
  const real = realpathSync(file);
  if (!real.startsWith(rootReal + sep)) throw refuse(path, host, `it resolves outside ${rootReal} (a symbolic link)`);
  return { url: pathToFileURL(real).href, name: ref.name, kind: ref.kind, digest: ref.digest };
}

/** Imports the referenced export under `root`, checking its digest; ImportError naming the module, host and reason. */
export async function resolvePortable(value: unknown, root: string, host: string): Promise<Function> {
  const key = typeof value === 'object' && value !== null ? `${root}\0${JSON.stringify(value)}` : '';
  const known = resolved.get(key);
  if (known !== undefined) return known;
  const fn = await resolveUncached(value, root, host);
  resolved.set(key, fn);
  return fn;
}

/** Targets already resolved and checked, by root and reference: a worker meets the same few thousands of times. */
const resolved = new Map<string, Function>();

async function resolveUncached(value: unknown, root: string, host: string): Promise<Function> {
  const reference = fromPortable(value, root, host);
  const { path } = value as PortableReference;
  let fn: Function;
  try {
    fn = await resolveReference(reference);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const differs = /is not the function that was sent/.test(reason);
    throw refuse(path, host, differs ? sourceDiffers(reference.name) : reason);
  }
  // A module imported earlier is not checked again by resolveReference: check every message's digest here.
  if (digestOf(fn) !== reference.digest) throw refuse(path, host, sourceDiffers(reference.name));
  return fn;
}

function sourceDiffers(name: string): string {
  return `its source differs from the caller's (export '${name}'): deploy the same version of the code everywhere`;
}
