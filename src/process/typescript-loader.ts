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
import type { ChildPayload } from './wire.js';

const TYPESCRIPT_FILE = /\.(ts|mts|tsx)$/;

/** Opens Node's internals to a child where Node (20) has no module.registerHooks: its internal loader takes the hooks. */
const EXPOSE_INTERNALS = '--expose-internals';

/** Node 20 runs module.register's hooks on a thread of their own, which costs a child ~40 ms; its internals do not. */
const HOOKS_BY_INTERNALS = !('registerHooks' in nodeModule) && /^20\./.test(process.versions.node);

/** typescript-register's parameters: hooks on the thread that loads modules (Node 20), and nothing on another thread
 * at all (the fork server: a forked child has no other). */
const IN_THREAD = 'in-thread';
const FORKING = 'forking';

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

/** The small hook's module, without its parameters. */
const REGISTER = libraryModule('process/typescript-register').href;

function isSmallHook(value: string): boolean {
  return value.split('?', 1)[0] === REGISTER;
}

/** The value of each flag of `argv` that loads a module before the program, with where the pair starts and ends. */
function* loaderOptions(argv: readonly string[]): Generator<{ flag: string; value: string; start: number; end: number }> {
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    if (!LOADER_FLAGS.has(flag)) continue;
    const end = inline === undefined ? i + 1 : i;
    yield { flag, value: inline ?? argv[i + 1] ?? '', start: i, end };
    i = end;
  }
}

/** Drops from `argv` the flags that load tsx modules or the small hook (children get it anew), and the internals the
 * small hook was given on Node 20. */
function withoutTypeScriptLoaders(argv: readonly string[]): string[] {
  const dropped = new Set<number>();
  let smallHook = false;
  for (const { value, start, end } of loaderOptions(argv)) {
    if (!isTsxModule(value) && !isSmallHook(value)) continue;
    smallHook ||= isSmallHook(value);
    for (let i = start; i <= end; i++) dropped.add(i);
  }
  return argv.filter((option, i) => !dropped.has(i) && !(smallHook && HOOKS_BY_INTERNALS && option === EXPOSE_INTERNALS));
}

/** The small hook this process was started with (a child of a TypeScript program), as its own children get it. */
function ownSmallHook(): string | null {
  for (const { flag, value } of loaderOptions(process.execArgv)) {
    if (flag !== '--import' || !isSmallHook(value)) continue;
    const hook = new URL(value);
    hook.searchParams.delete(IN_THREAD);
    hook.searchParams.delete(FORKING);
    return hook.href;
  }
  return null;
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
  // A child of a TypeScript program passes on the parent's JavaScript, which it runs, to children of its own.
  const own = ownSmallHook();
  if (own !== null) {
    collectTranspiledModules();
    return (decided = own);
  }
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


function withParameter(url: string, name: string): string {
  const parameterized = new URL(url);
  parameterized.searchParams.set(name, '1');
  return parameterized.href;
}

function smallHookArgv(hook: string): string[] {
  return HOOKS_BY_INTERNALS ? [EXPOSE_INTERNALS, '--import', withParameter(hook, IN_THREAD)] : ['--import', hook];
}

/** The Node options of a process child, from the parent's ones it inherits: tsx's flags swapped for the small hook. */
export function childLoaderArgv(inherited: string[]): string[] {
  const hook = smallHookImport();
  if (hook === null || loadsTypeScriptThroughRequire()) return inherited;
  return [...withoutTypeScriptLoaders(inherited), ...smallHookArgv(hook)];
}

/** Whether an option names a module loaded before the program (that may register module hooks). */
function hasLoaderOption(argv: readonly string[]): boolean {
  return loaderOptions(argv).next().done !== true;
}

/**
 * The Node options of the fork server: childLoaderArgv's, with nothing of the small hook's on a thread of its own, or
 * null when the parent's children need a loader whose hooks run on another thread (Node 22 before 22.15 too).
 */
export function forkServerLoaderArgv(inherited: string[]): string[] | null {
  const hook = smallHookImport();
  if (hook === null || loadsTypeScriptThroughRequire()) return hasLoaderOption(inherited) ? null : inherited;
  const rest = withoutTypeScriptLoaders(inherited);
  if (hasLoaderOption(rest) || !('registerHooks' in nodeModule || HOOKS_BY_INTERNALS)) return null;
  return [...rest, ...smallHookArgv(withParameter(hook, FORKING))];
}

/** A forked child's Node options: the server's, as a spawned child's would be (the small hook without the server's mark). */
export function forkedChildExecArgv(serverArgv: readonly string[]): string[] {
  return serverArgv.map((option) => {
    if (!option.startsWith('file:') || !option.includes(`${FORKING}=`)) return option;
    const hook = new URL(option);
    hook.searchParams.delete(FORKING);
    return hook.href;
  });
}

/** The JavaScript of the parent's TypeScript modules, for a child that loads them through the small hook. */
function transpiledForChild(): Record<string, TranspiledModule> | undefined {
  return smallHookImport() === null || loadsTypeScriptThroughRequire() ? undefined : Object.fromEntries(transpiledModules());
}

/** The payload with the JavaScript of the parent's TypeScript modules, for a child with the small hook. */
export function withTranspiled(payload: ChildPayload): ChildPayload {
  const transpiled = transpiledForChild();
  return transpiled === undefined ? payload : { ...payload, header: { ...payload.header, transpiled } };
}

/**
 * The small hook a thread of this process registers before anything else, where the process runs its TypeScript
 * through it (a child of a TypeScript program): Node's module hooks are per thread, and a thread gets no --import.
 */
export function threadHookImport(): string | null {
  if (threadHook === undefined) {
    const hook = ownSmallHook();
    threadHook = hook === null || !HOOKS_BY_INTERNALS ? hook : withParameter(hook, IN_THREAD);
  }
  return threadHook;
}

/** threadHookImport's answer, found at the first thread start (a forked child's options are final by then). */
let threadHook: string | null | undefined;

// Decided when the library loads, so that the modules' JavaScript is collected from the first Debugger window on.
smallHookImport();
