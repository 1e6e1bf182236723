// The receiving side of a Reference: import the module and take the export, checking it is the same function.
// resolveReference is for references from a trusted sender (a child importing its own parent's target);
// resolveTrustedReference is for anything a peer sent, and imports only what trust.ts allows.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { digestOf, knownExports, referencedModules, type Reference } from './locate.js';
import { isReferenceShaped, loadedCommonJs, mainScriptState, matchesSentSource, realPath, trustedPathOf } from './trust.js';

const require = createRequire(import.meta.url);
const loaded = new Map<string, Record<string, unknown>>();

function pick(namespace: Record<string, unknown>, reference: Reference): Function {
  const value = reference.name === 'module.exports' ? namespace : namespace[reference.name];
  const fn = typeof value === 'function' ? value : reference.name === 'module.exports' ? (namespace as { default?: unknown }).default : undefined;
  if (typeof fn !== 'function') {
    throw new TypeError(`${reference.url} has no exported function '${reference.name}' in this process; is the module loaded differently here?`);
  }
  if (digestOf(fn) !== reference.digest) {
    throw new TypeError(
      `export '${reference.name}' of ${reference.url} is not the function that was sent ` +
        '(another function of the same name is exported, or the file changed since it was loaded)',
    );
  }
  return fn;
}

function namespaceOfRequire(reference: Reference): Record<string, unknown> {
  const namespace = require(fileURLToPath(reference.url)) as Record<string, unknown>;
  loaded.set(reference.url, namespace);
  return namespace;
}

/** Imports the module (once) and returns the referenced function or class. */
export async function resolveReference(reference: Reference): Promise<Function> {
  const known = knownExports.get(`${reference.name}@${reference.url}`);
  if (known !== undefined) return known;
  let namespace = loaded.get(reference.url);
  if (namespace === undefined) {
    namespace = reference.kind === 'cjs' ? namespaceOfRequire(reference) : ((await import(reference.url)) as Record<string, unknown>);
    loaded.set(reference.url, namespace);
  }
  const fn = pick(namespace, reference);
  knownExports.set(`${reference.name}@${reference.url}`, fn);
  return fn;
}

/**
 * Like resolveReference, without waiting: modules this thread has not seen yet are loaded with require() (ES modules
 * included, Node >= 20.19), which under a TypeScript loader may be a second instance of the module: the async paths
 * (Process start, async get) import instead.
 */
export function resolveReferenceSync(reference: Reference): Function {
  const known = knownExports.get(`${reference.name}@${reference.url}`);
  if (known !== undefined) return known;
  return pick(loaded.get(reference.url) ?? namespaceOfRequire(reference), reference);
}

/** Modules this thread is importing for a peer right now: one still evaluating is never awaited from inside itself. */
const importing = new Set<string>();

function pickOrNull(namespace: Record<string, unknown> | null | undefined, reference: Reference): Function | null {
  if (namespace === null || namespace === undefined) return null;
  try {
    const fn = pick(namespace, reference);
    knownExports.set(`${reference.name}@${reference.url}`, fn);
    return fn;
  } catch {
    return null;
  }
}

type Decision = { fn: Function | null } | { path: string };

/** Everything short of importing: the answer when no import is needed (or allowed), else the path to import. */
function decide(reference: unknown): Decision {
  if (!isReferenceShaped(reference)) return { fn: null };
  const known = knownExports.get(`${reference.name}@${reference.url}`);
  if (known !== undefined) return { fn: known };
  // A module this thread has loaded is trusted wherever it lies: importing it again runs nothing new.
  const loadedHere = referencedModules.has(reference.url) || loaded.has(reference.url);
  const path = loadedHere ? realPath(fileURLToPath(reference.url)) : trustedPathOf(reference.url);
  if (path === null) return { fn: null };
  // The main script may be suspended in a top-level await: take what it has finished exporting, never wait for it.
  const main = mainScriptState(path);
  if (main.isMain) return { fn: pickOrNull(main.namespace, reference) };
  if (importing.has(reference.url)) return { fn: null };
  const namespace = loaded.get(reference.url) ?? loadedCommonJs(path);
  if (namespace !== undefined) return { fn: pickOrNull(namespace, reference) };
  return loadedHere || matchesSentSource(path, reference) ? { path } : { fn: null };
}

/**
 * The function or class a peer's reference names, or null when this process may not trust it (see trust.ts): the
 * caller then delivers a plain object or refuses with a clear error. Never throws for a malformed reference.
 */
export async function resolveTrustedReference(reference: unknown): Promise<Function | null> {
  const decision = decide(reference);
  if ('fn' in decision) return decision.fn;
  const { url, kind } = reference as Reference;
  importing.add(url);
  try {
    const namespace = kind === 'cjs' ? namespaceOfRequire(reference as Reference) : ((await import(url)) as Record<string, unknown>);
    loaded.set(url, namespace);
    return pickOrNull(namespace, reference as Reference);
  } catch {
    return null;
  } finally {
    importing.delete(url);
  }
}

/** Like resolveTrustedReference, without waiting: a module not loaded yet is loaded with require() (see resolveReferenceSync). */
export function resolveTrustedReferenceSync(reference: unknown): Function | null {
  const decision = decide(reference);
  if ('fn' in decision) return decision.fn;
  const { url } = reference as Reference;
  importing.add(url);
  try {
    return pickOrNull(namespaceOfRequire(reference as Reference), reference as Reference);
  } catch {
    return null;
  } finally {
    importing.delete(url);
  }
}
