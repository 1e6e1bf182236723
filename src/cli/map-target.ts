// The pool-worker half of `multiproc map`: the exported targets the workers import. The user's module is imported here,
// in the workers, never in the CLI process, so code it guards with isMainProcess() does not run.

/** Where the user's function lives: a module URL (or `node:` builtin) and an export name. */
export interface MapTarget {
  /** The module as the user typed it, for messages. */
  module: string;
  /** What import() is given: a file: URL, or a builtin such as node:path. */
  url: string;
  /** The export to call ('default' when the user named none). */
  exportName: string;
}

/** One input line's outcome: the result as JSON text, or the error's name and message. */
export type MapLineOutcome =
  | { ok: true; line: number; value: string }
  | { ok: false; line: number; name: string; message: string };

let target: MapTarget | null = null;
let loading: Promise<Function> | null = null;

/** Pool initializer: tells this worker which function runMapLine calls (replacement workers get it too). */
export function setMapTarget(chosen: MapTarget): void {
  target = chosen;
  loading = null;
}

function exportNames(namespace: Record<string, unknown>): string {
  const names = Object.keys(namespace);
  return names.length === 0 ? 'it exports nothing' : `it exports: ${names.join(', ')}`;
}

/** The export, with a message saying what is wrong when it is missing or not a function. */
function pickExport(namespace: Record<string, unknown>, chosen: MapTarget): Function | string {
  let value = namespace[chosen.exportName];
  // A CommonJS module whose named exports Node could not detect still has them on its default export.
  const fallback = namespace.default;
  if (value === undefined && chosen.exportName !== 'default' && fallback !== null && typeof fallback === 'object') {
    value = (fallback as Record<string, unknown>)[chosen.exportName];
  }
  if (value === undefined) return `${chosen.module} has no export '${chosen.exportName}' (${exportNames(namespace)})`;
  if (typeof value !== 'function') return `export '${chosen.exportName}' of ${chosen.module} is not a function (it is ${value === null ? 'null' : typeof value})`;
  return value;
}

async function loadTarget(): Promise<Function> {
  if (target === null) throw new Error('multiproc map: the worker was not given a target (setMapTarget did not run)');
  const namespace = (await import(target.url)) as Record<string, unknown>;
  const picked = pickExport(namespace, target);
  if (typeof picked === 'string') throw new TypeError(picked);
  return picked;
}

function describeError(error: unknown): { name: string; message: string } {
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: `non-error thrown: ${String(error)}` };
}

/** Node < 22.18 runs no TypeScript by itself: say how to run a .ts target rather than just 'Unknown file extension'. */
function typescriptHint(error: unknown, chosen: MapTarget): string {
  if ((error as NodeJS.ErrnoException | null)?.code !== 'ERR_UNKNOWN_FILE_EXTENSION' || !/\.[cm]?tsx?$/.test(chosen.url)) return '';
  return (
    `; Node ${process.versions.node} runs TypeScript only under a loader: run the command under one, e.g. ` +
    `NODE_OPTIONS='--import tsx' npx multiproc map ... (with tsx installed), use Node >= 22.18, which runs .ts by itself, ` +
    'or compile the module to JavaScript'
  );
}

/** Pool task run once before mapping: null when the target is usable here, else the error line to print. */
export async function checkMapTarget(): Promise<string | null> {
  const chosen = target;
  if (chosen === null) return 'the pool worker was not given a target';
  let namespace: Record<string, unknown>;
  try {
    namespace = (await import(chosen.url)) as Record<string, unknown>;
  } catch (error) {
    const { name, message } = describeError(error);
    return `cannot import ${chosen.module}: ${name}: ${message}${typescriptHint(error, chosen)}`;
  }
  const picked = pickExport(namespace, chosen);
  return typeof picked === 'string' ? picked : null;
}

/** The pool target of `multiproc map`: parses one input line, calls the user's function, returns its result as JSON. */
export async function runMapLine([line, text]: [number, string]): Promise<MapLineOutcome> {
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    return { ok: false, line, name: 'SyntaxError', message: `not valid JSON (${describeError(error).message})` };
  }
  try {
    const fn = await (loading ??= loadTarget());
    const result: unknown = await fn(input);
    // A function that returns nothing writes null, as Python's json.dumps(None) does.
    return { ok: true, line, value: JSON.stringify(result) ?? 'null' };
  } catch (error) {
    return { ok: false, line, ...describeError(error) };
  }
}
