// What a receiver may import when a message names a module: received bytes are hostile until proven otherwise, and
// importing a module runs it. A module is trusted when this process has loaded it already, or when it is a file under
// the application's root (or the library's own) owned by us or root whose contents hash to the digest the sender
// sent — checked before anything is imported. Everything else is refused by returning null.
import { createRequire } from 'node:module';
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isMainThread } from 'node:worker_threads';
import { lazyBuiltin } from '../lazy-builtin.js';
import { packageRoot } from '../package-root.js';
import type { Reference } from './locate.js';

const crypto = lazyBuiltin<typeof import('node:crypto')>('node:crypto');
const require = createRequire(import.meta.url);
const OUR_UID = process.getuid?.() ?? -1;

/** The environment variable that sets (and carries to children) the application's root. */
export const APP_ROOT_VARIABLE = 'MULTIPROC_APP_ROOT';

/** The path with symlinks resolved, or null when it does not exist. */
export function realPath(path: string): string | null {
  try {
    return realpathSync(path);
  } catch {
    return null;
  }
}

let appRoot: string | undefined;

/**
 * The application's root: MULTIPROC_APP_ROOT when set (children inherit the parent's), else the folder of the nearest
 * package.json above the main script, else the working directory.
 */
export function applicationRoot(): string {
  if (appRoot !== undefined) return appRoot;
  const configured = process.env[APP_ROOT_VARIABLE];
  if (configured !== undefined && configured !== '' && isAbsolute(configured)) return (appRoot = realPath(configured) ?? resolve(configured));
  const main = process.argv[1] === undefined ? null : realPath(process.argv[1]);
  if (main !== null) {
    for (let dir = dirname(main); ; dir = dirname(dir)) {
      if (existsSync(join(dir, 'package.json'))) return (appRoot = dir);
      if (dirname(dir) === dir) break;
    }
  }
  return (appRoot = realPath(process.cwd()) ?? process.cwd());
}

function isUnder(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/** Whether a real (symlink-free) path lies under the application's root or the library's own package. */
export function isUnderTrustedRoot(path: string): boolean {
  return isUnder(path, applicationRoot()) || isUnder(path, realPath(packageRoot()) ?? packageRoot());
}

const sourceDigests = new Map<string, string>();

/** SHA-256 of a module file's bytes, as the sender read it (cached per path: a file is hashed once per process). */
export function sourceDigestOf(path: string): string {
  let digest = sourceDigests.get(path);
  if (digest === undefined) {
    digest = crypto().createHash('sha256').update(readFileSync(path)).digest('base64url');
    sourceDigests.set(path, digest);
  }
  return digest;
}

/** A received reference in the shape a Reference has; anything else (hostile or corrupt) is not one. */
export function isReferenceShaped(value: unknown): value is Reference {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  return (
    typeof r.url === 'string' &&
    typeof r.name === 'string' &&
    typeof r.digest === 'string' &&
    (r.kind === 'esm' || r.kind === 'cjs') &&
    (r.source === undefined || typeof r.source === 'string')
  );
}

/** The real path of a received module URL if it may be imported at all: a file: URL under a trusted root. */
export function trustedPathOf(url: string): string | null {
  if (!url.startsWith('file:')) return null;
  let path: string;
  try {
    path = fileURLToPath(url);
  } catch {
    return null;
  }
  const real = realPath(path);
  return real !== null && isUnderTrustedRoot(real) ? real : null;
}

/** Whether the file at `path` may be imported for a peer: a regular file of ours (or root's) with the sent digest. */
export function matchesSentSource(path: string, reference: Reference): boolean {
  if (typeof reference.source !== 'string') return false;
  try {
    const stat = statSync(path);
    if (!stat.isFile() || (stat.uid !== OUR_UID && stat.uid !== 0)) return false;
    return sourceDigestOf(path) === reference.source;
  } catch {
    return false;
  }
}

/** The exports of a CommonJS module this process has loaded, without loading anything. */
export function loadedCommonJs(path: string): Record<string, unknown> | undefined {
  return require.cache[path]?.exports as Record<string, unknown> | undefined;
}

/**
 * The main script of this thread, which may still be evaluating (top-level await): importing it would wait for its
 * end, perhaps forever. Its namespace is taken once it has finished, by an import started here and never awaited.
 */
const mainScript = isMainThread && process.argv[1] !== undefined ? realPath(process.argv[1]) : null;
let mainNamespace: Record<string, unknown> | null = null;

if (mainScript !== null) {
  setImmediate(() => {
    // A CommonJS main is read from require's cache instead; only an ES module main needs the import.
    if (require.cache[mainScript] !== undefined || !/\.(m?[jt]s|tsx?)$/.test(mainScript)) return;
    import(pathToFileURL(mainScript).href).then(
      (namespace: Record<string, unknown>) => (mainNamespace = namespace),
      () => {},
    );
  }).unref();
}

/** Whether `path` is this thread's main script; `namespace` is its exports once it has finished evaluating. */
export function mainScriptState(path: string): { isMain: boolean; namespace: Record<string, unknown> | null } {
  return path === mainScript ? { isMain: true, namespace: loadedCommonJs(path) ?? mainNamespace } : { isMain: false, namespace: null };
}
