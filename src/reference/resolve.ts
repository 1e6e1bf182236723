// The receiving side of a Reference: import the module and take the export, checking it is the same function.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { digestOf, type Reference } from './locate.js';

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
  let namespace = loaded.get(reference.url);
  if (namespace === undefined) {
    namespace = reference.kind === 'cjs' ? namespaceOfRequire(reference) : ((await import(reference.url)) as Record<string, unknown>);
    loaded.set(reference.url, namespace);
  }
  return pick(namespace, reference);
}

/** Like resolveReference, without waiting: modules not yet imported are loaded with require() (ESM included). */
export function resolveReferenceSync(reference: Reference): Function {
  return pick(loaded.get(reference.url) ?? namespaceOfRequire(reference), reference);
}
