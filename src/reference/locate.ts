// A function or class becomes a reference another process can import: (module URL, export name). Anything that is
// not an export of a module file is refused here, at the sender, with a message that says how to fix it.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { forgetSource, locateFunction, scriptSource } from './inspector.js';
import { digestText } from './text-digest.js';
import { sourceDigestOf } from './trust.js';

export interface Reference {
  /** file: URL of the module that exports it. */
  url: string;
  /** The export name ('default' for a default export). */
  name: string;
  /** How the module was loaded in the sender: import() for 'esm', require() for 'cjs'. */
  kind: 'esm' | 'cjs';
  /** A hash of the function's source, so the receiver can tell it found the same function. */
  digest: string;
  /** SHA-256 of the module file: a receiver that has not loaded the module imports it only if its copy matches. */
  source?: string;
}

const cache = new WeakMap<Function, Reference>();
/** Exports this thread has already seen by value: the receiver side uses them before importing anything. */
export const knownExports = new Map<string, Function>();
/** Modules a function of this thread was found in: loaded here, so importing them again runs nothing new. */
export const referencedModules = new Set<string>();
const esmExports = new Map<string, { n: string; ln: string | undefined }[]>();
const require = createRequire(import.meta.url);

/** A short stable fingerprint of a function's source text: it notices that a child imported another version of a file. */
export function digestOf(fn: Function): string {
  return digestText(Function.prototype.toString.call(fn));
}

function describe(fn: Function): string {
  const name = fn.name === '' ? 'an anonymous function' : `'${fn.name}'`;
  return /^class[\s{]/.test(Function.prototype.toString.call(fn)) ? `class ${name}` : `function ${name}`;
}

function refuse(fn: Function, role: string, why: string): TypeError {
  return new TypeError(
    `${role} ${describe(fn)} cannot be sent to another process: ${why}. ` +
      'Define it at the top level of a module file and export it (export function … / export class …), ' +
      'then pass the exported function itself.',
  );
}

function cjsExportName(path: string, fn: Function): string | null | undefined {
  const module = require.cache[path];
  if (module === undefined) return undefined;
  const exports = module.exports as unknown;
  if (exports === fn) return 'module.exports';
  if (exports !== null && typeof exports === 'object') {
    for (const [key, value] of Object.entries(exports)) if (value === fn) return key;
  }
  return null;
}

let loadedLexer: typeof import('es-module-lexer') | undefined;

/**
 * es-module-lexer, loaded on first use (most processes never need to find an ES module's exports): its WebAssembly
 * build compiles far faster on the first parse than the asm.js build (docs/architecture.md); the latter stays for a
 * Node without WebAssembly (--jitless).
 */
function lexer(): typeof import('es-module-lexer') {
  if (loadedLexer !== undefined) return loadedLexer;
  try {
    const wasm = require('es-module-lexer') as typeof import('es-module-lexer');
    wasm.parse('');
    return (loadedLexer = wasm);
  } catch {
    return (loadedLexer = require('es-module-lexer/js') as typeof import('es-module-lexer'));
  }
}

function esmExportName(scriptId: string, url: string, fn: Function): string | null {
  let exports = esmExports.get(url);
  if (exports === undefined) {
    const [, found] = lexer().parse(scriptSource(scriptId));
    exports = found.flatMap((e) => (e.type === 'direct' && !e.typeOnly ? [{ n: e.name, ln: e.localName }] : []));
    esmExports.set(url, exports);
  }
  // fn.name is the local binding of a declaration ('default' for an anonymous default export).
  const name = fn.name;
  if (name === '') return null;
  const match = exports.find((e) => e.ln === name) ?? exports.find((e) => e.n === name);
  return match?.n ?? null;
}

/** The module file's digest, or none when it cannot be read (the receiver then trusts only a module it has loaded). */
function fileDigest(path: string): string | undefined {
  try {
    return sourceDigestOf(path);
  } catch {
    return undefined;
  }
}

/** The reference of an exported function or class; `role` names it in errors ('target', 'initializer', …). */
export function referenceOf(fn: unknown, role = 'target'): Reference {
  if (typeof fn !== 'function') throw new TypeError(`${role} must be a function or class, got ${fn === null ? 'null' : typeof fn}`);
  const known = cache.get(fn);
  if (known !== undefined) return known;
  if (fn.name.startsWith('bound ')) throw refuse(fn, role, 'a bound function has no module export of its own');
  const location = locateFunction(fn);
  if (location === null) throw refuse(fn, role, 'it is a built-in or native function');
  if (!location.url.startsWith('file:')) {
    throw refuse(fn, role, location.url === '' ? 'it was not defined in a module file (eval, REPL or -e)' : `it comes from '${location.url}', not a module file`);
  }
  const path = fileURLToPath(location.url);
  const cjs = cjsExportName(path, fn);
  if (cjs !== undefined) forgetSource(location.scriptId);
  const name = cjs === undefined ? esmExportName(location.scriptId, location.url, fn) : cjs;
  if (name === null) {
    throw refuse(fn, role, `${location.url} does not export it (closures, local arrow functions and methods are not importable)`);
  }
  const reference: Reference = { url: location.url, name, kind: cjs === undefined ? 'esm' : 'cjs', digest: digestOf(fn), source: fileDigest(path) };
  cache.set(fn, reference);
  knownExports.set(`${reference.name}@${reference.url}`, fn);
  referencedModules.add(reference.url);
  return reference;
}
