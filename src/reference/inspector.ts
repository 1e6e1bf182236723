// Finds where a function was defined, synchronously, through an in-process inspector session: V8 knows every
// function's [[FunctionLocation]] (script id, line, column), and Debugger.scriptParsed maps script ids to URLs.
// The Debugger domain is enabled only for the instant of a lookup: while it is on, every `await` in the process costs
// several times more (docs/architecture.md has the figures), so it must never stay on.
import { readFileSync } from 'node:fs';
import type { Session } from 'node:inspector';
import { lazyBuiltin } from '../lazy-builtin.js';
import { digestText } from './text-digest.js';

const inspector = lazyBuiltin<typeof import('node:inspector')>('node:inspector');

export interface FunctionLocation {
  url: string;
  scriptId: string;
  lineNumber: number;
  columnNumber: number;
}

const HOLDER = '__multiprocLocateTarget';
let session: Session | null = null;
const scriptUrls = new Map<string, string>();

/** A TypeScript file's module as this process runs it: the loader's JavaScript, and the file's text it came from. */
export interface TranspiledModule {
  source: string;
  /** digestText() of the file as read, so that a reader can tell it still holds the same text. */
  digest: string;
}

/** TypeScript ES modules of the program (not of packages), by URL: reported while the domain was on, source not read. */
const TYPESCRIPT_MODULE = /^file:(?!.*\/node_modules\/).*\.(ts|mts|tsx)(\?.*)?$/;
let collectTypeScript = false;
const pendingTypeScript = new Map<string, string>();
const transpiled = new Map<string, TranspiledModule>();

function post<T>(method: string, params?: object): T {
  let result: T | undefined;
  let failure: Error | null = null;
  // The in-process session answers synchronously, so the callback has run when post() returns.
  session!.post(method, params ?? {}, (error, answer) => {
    failure = error ?? null;
    result = answer as T;
  });
  if (failure !== null) throw failure;
  return result as T;
}

function open(): void {
  session = new (inspector().Session)();
  session.connect();
  session.on('Debugger.scriptParsed', (message) => {
    const { scriptId, url, isModule } = message.params as { scriptId: string; url: string; isModule?: boolean };
    scriptUrls.set(scriptId, url);
    if (collectTypeScript && isModule === true && TYPESCRIPT_MODULE.test(url) && !transpiled.has(url)) pendingTypeScript.set(url, scriptId);
  });
}

/** Runs `work` with the Debugger domain on (enabling it reports every loaded script), then turns it off again. */
function withDebugger<T>(work: () => T): T {
  if (session === null) open();
  post('Debugger.enable');
  try {
    // A `debugger` statement must never pause this thread: nobody is attached to resume it.
    post('Debugger.setSkipAllPauses', { skip: true });
    readTranspiledModules();
    return work();
  } finally {
    post('Debugger.disable');
  }
}

/** Sources fetched while the domain was on for a script's URL, kept until scriptSource() takes them. */
const fetchedSources = new Map<string, string>();

function fetchSource(scriptId: string): string {
  return post<{ scriptSource: string }>('Debugger.getScriptSource', { scriptId }).scriptSource;
}

function scriptUrl(scriptId: string): string {
  if (!scriptUrls.has(scriptId)) {
    // Enabling costs 10–30 ms (every loaded script is reported): fetch the source an ES module's exports will be
    // read from in the same window rather than enabling again for it.
    withDebugger(() => {
      if (scriptUrls.get(scriptId)?.startsWith('file:')) fetchedSources.set(scriptId, fetchSource(scriptId));
    });
  }
  return scriptUrls.get(scriptId) ?? '';
}

/** Reads the sources of the TypeScript modules reported since the last window (their file read as of now). */
function readTranspiledModules(): void {
  for (const [url, scriptId] of pendingTypeScript) {
    try {
      transpiled.set(url, { source: fetchSource(scriptId), digest: digestText(readFileSync(new URL(url), 'utf8')) });
    } catch {
      // the file is gone: a child could not import it either
    }
  }
  pendingTypeScript.clear();
}

/**
 * From now on, note the JavaScript this process runs for its TypeScript modules, so that children can be given it
 * instead of booting a TypeScript loader. Collected in the windows the Debugger is on anyway (locating targets).
 */
export function collectTranspiledModules(): void {
  collectTypeScript = true;
}

/** The TypeScript modules of the program read so far (see collectTranspiledModules). */
export function transpiledModules(): ReadonlyMap<string, TranspiledModule> {
  return transpiled;
}

/** Where `fn` was defined, or null for native and built-in functions. */
export function locateFunction(fn: Function): FunctionLocation | null {
  if (session === null) open();
  const holder = globalThis as Record<string, unknown>;
  holder[HOLDER] = fn;
  try {
    const evaluated = post<{ result: { objectId?: string } }>('Runtime.evaluate', { expression: `globalThis.${HOLDER}` });
    const objectId = evaluated.result.objectId;
    if (objectId === undefined) return null;
    const props = post<{ internalProperties?: { name: string; value?: { value?: { scriptId: string; lineNumber: number; columnNumber: number } } }[] }>(
      'Runtime.getProperties',
      { objectId, ownProperties: true },
    );
    post('Runtime.releaseObject', { objectId });
    const location = props.internalProperties?.find((p) => p.name === '[[FunctionLocation]]')?.value?.value;
    if (location === undefined) return null;
    const url = scriptUrl(location.scriptId);
    return { url, scriptId: location.scriptId, lineNumber: location.lineNumber, columnNumber: location.columnNumber };
  } finally {
    delete holder[HOLDER];
  }
}

/** Drops a source fetched ahead that will not be needed (the script turned out to be a CommonJS module). */
export function forgetSource(scriptId: string): void {
  fetchedSources.delete(scriptId);
}

/** The source V8 runs for a script (for TypeScript: the JavaScript the loader produced). */
export function scriptSource(scriptId: string): string {
  const fetched = fetchedSources.get(scriptId);
  fetchedSources.delete(scriptId);
  return fetched ?? withDebugger(() => fetchSource(scriptId));
}
