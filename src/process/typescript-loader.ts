// How a process child of a parent running TypeScript through tsx loads TypeScript. Booting tsx costs a child far more
// than Node itself (it loads tsx and esbuild on two threads); a child rarely needs it: the parent has already turned
// its TypeScript modules into JavaScript. So such a child gets, instead of the parent's tsx flags, a small module hook
// (typescript-register) that serves the parent's JavaScript for those modules and has esbuild — the one tsx itself
// uses — transform only a module the parent never loaded. A program Node runs as TypeScript itself gets the same.
import { existsSync } from 'node:fs';
import * as nodeModule from 'node:module';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { FROM_SOURCE, libraryModule } from '../package-root.js';
import { collectTranspiledModules, transpiledModules, type TranspiledModule } from '../reference/inspector.js';

const TYPESCRIPT_FILE = /\.(ts|mts|tsx)$/;

/** Flags that take the next argument as their value. */
const LOADER_FLAGS = new Set(['--import', '--loader', '--experimental-loader', '--require', '-r']);

/** A loader module of the tsx package, by package name or by path (the tsx command passes file URLs of its own). */
function isTsxModule(value: string): boolean {
  return /^tsx(\/|$)/.test(value) || /[/\\]node_modules[/\\]tsx[/\\]/.test(value);
}

/** The flags naming tsx modules, as [flag, value] pairs, or null when the parent runs without tsx. */
function tsxFlags(execArgv: readonly string[]): [string, string][] | null {
  const found: [string, string][] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const [flag, inline] = execArgv[i].split(/=(.*)/s, 2);
    if (!LOADER_FLAGS.has(flag)) continue;
    const value = inline ?? execArgv[i + 1] ?? '';
    if (isTsxModule(value)) found.push([flag, value]);
  }
  return found.length > 0 ? found : null;
}

/** The esbuild of the parent's tsx, as a file URL, or null when it cannot be found. */
function esbuildOfTsx(value: string): string | null {
  try {
    // A bare 'tsx' was resolved from the directory the parent started in; a path names the file itself.
    const tsxFile = value.startsWith('file:') ? fileURLToPath(value) : value.startsWith('/') ? value : createRequire(join(process.cwd(), 'noop.js')).resolve('tsx/package.json');
    return pathToFileURL(createRequire(tsxFile).resolve('esbuild')).href;
  } catch {
    return null;
  }
}

/** A TypeScript module loaded through require() (CommonJS) needs tsx's require hook: the small hook has none. */
function loadsTypeScriptThroughRequire(): boolean {
  const cache = createRequire(import.meta.url).cache;
  return Object.keys(cache).some((path) => /\.(c?ts|tsx)$/.test(path) && !path.includes('/node_modules/'));
}

/** Drops the flags that load tsx modules from `argv`. */
function withoutTsx(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    if (LOADER_FLAGS.has(flag) && isTsxModule(inline ?? argv[i + 1] ?? '')) {
      if (inline === undefined) i++;
      continue;
    }
    out.push(argv[i]);
  }
  return out;
}

/** The --import value that registers the small hook, or null when children load TypeScript as the parent does. */
let decided: string | null | undefined;

/**
 * A program Node runs as TypeScript itself (type stripping, Node >= 23.6): its children would strip every module
 * again (Node would load its stripper in every child); with in-thread hooks (module.registerHooks) the small hook
 * costs nearly nothing, and serves the parent's JavaScript instead.
 */
function strippedByNode(): boolean {
  const strips = Boolean((process.features as { typescript?: string | false }).typescript);
  return strips && 'registerHooks' in nodeModule && TYPESCRIPT_FILE.test(process.argv[1] ?? '');
}

function smallHookImport(): string | null {
  if (decided !== undefined) return decided;
  decided = null;
  // Running the library itself from its TypeScript source, the bootstrap is TypeScript, needed before any payload.
  if (FROM_SOURCE || process.env.MULTIPROC_CHILD_LOADER === 'parent') return null;
  const register = libraryModule('process/typescript-register');
  if (!existsSync(fileURLToPath(register))) return null;
  const flags = tsxFlags(process.execArgv);
  if (flags === null) {
    if (!strippedByNode()) return null;
    collectTranspiledModules();
    return (decided = register.href);
  }
  const esm = flags.find(([flag]) => flag !== '--require' && flag !== '-r') ?? flags[0];
  const esbuild = esbuildOfTsx(esm[1]);
  if (esbuild === null) return null;
  collectTranspiledModules();
  return (decided = `${register.href}?esbuild=${encodeURIComponent(esbuild)}`);
}

/** The Node options of a process child, from the parent's ones it inherits: tsx's flags swapped for the small hook. */
export function childLoaderArgv(inherited: string[]): string[] {
  const hook = smallHookImport();
  if (hook === null || loadsTypeScriptThroughRequire()) return inherited;
  return [...withoutTsx(inherited), '--import', hook];
}

/** The JavaScript of the parent's TypeScript modules, for a child that loads them through the small hook. */
export function transpiledForChild(): Record<string, TranspiledModule> | undefined {
  return smallHookImport() === null || loadsTypeScriptThroughRequire() ? undefined : Object.fromEntries(transpiledModules());
}

// Decided when the library loads, so that the modules' JavaScript is collected from the first Debugger window on.
smallHookImport();
