// Finds where a function was defined, synchronously, through an in-process inspector session: V8 knows every
// function's [[FunctionLocation]] (script id, line, column), and Debugger.scriptParsed maps script ids to URLs.
import { Session } from 'node:inspector';

export interface FunctionLocation {
  url: string;
  scriptId: string;
  lineNumber: number;
  columnNumber: number;
}

const HOLDER = '__multiprocLocateTarget';
let session: Session | null = null;
const scriptUrls = new Map<string, string>();

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
  session = new Session();
  session.connect();
  session.on('Debugger.scriptParsed', (message) => {
    scriptUrls.set(message.params.scriptId, message.params.url);
  });
  post('Debugger.enable');
  // A `debugger` statement must never pause this thread: nobody is attached to resume it.
  post('Debugger.setSkipAllPauses', { skip: true });
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
    const url = scriptUrls.get(location.scriptId) ?? '';
    return { url, scriptId: location.scriptId, lineNumber: location.lineNumber, columnNumber: location.columnNumber };
  } finally {
    delete holder[HOLDER];
  }
}

/** The source V8 runs for a script (for TypeScript: the JavaScript the loader produced). */
export function scriptSource(scriptId: string): string {
  if (session === null) open();
  return post<{ scriptSource: string }>('Debugger.getScriptSource', { scriptId }).scriptSource;
}
