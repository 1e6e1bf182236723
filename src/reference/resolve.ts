// The receiving side of a Reference: import the module and take the export, checking it is the same function.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { digestOf, knownExports, type Reference } from './locate.js';

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
