// Module hooks of a child whose parent runs TypeScript through tsx (see typescript-loader), on Node's hooks thread.
// A TypeScript module the parent has loaded is served as the JavaScript the parent runs (unless the file changed
// since); any other is transformed here with the parent's tsx's esbuild. Specifiers written the TypeScript way
// ('./x.js' for ./x.ts, no extension) resolve as tsx resolves them.
import { statSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { MessagePort } from 'node:worker_threads';
import type { TranspiledModule } from '../reference/inspector.js';

interface HookData {
  port: MessagePort;
  /** URL of esbuild, for modules the parent did not load; null when it was not found. */
  esbuild: string | null;
}

type Resolved = { url: string; format?: string | null; shortCircuit?: boolean };
type NextResolve = (specifier: string, context: { parentURL?: string }) => Promise<Resolved>;
type Loaded = { format: string; source?: string | Uint8Array | null; shortCircuit?: boolean };
type NextLoad = (url: string, context: object) => Promise<Loaded>;

const TYPESCRIPT = /\.(ts|mts|tsx)(\?.*)?$/;
const transpiled = new Map<string, TranspiledModule>();
let esbuildUrl: string | null = null;
let markReceived: () => void = () => {};
/** The bootstrap hands the parent's modules before it imports any module of the program. */
const received = new Promise<void>((resolve) => (markReceived = resolve));

export function initialize({ port, esbuild }: HookData): void {
  esbuildUrl = esbuild;
  port.on('message', (modules: Record<string, TranspiledModule>) => {
    for (const [url, module] of Object.entries(modules)) transpiled.set(url, module);
    markReceived();
  });
  port.unref();
}

/** The TypeScript files a specifier that failed to resolve may mean, tried in order. */
function typeScriptCandidates(specifier: string): string[] {
  const js = /\.(c|m)?js$/.exec(specifier);
  if (js !== null) {
    const base = specifier.slice(0, -js[0].length);
    return js[1] === 'm' ? [`${base}.mts`] : js[1] === 'c' ? [`${base}.cts`] : [`${base}.ts`, `${base}.tsx`];
  }
  if (/\.[a-z]+$/i.test(specifier)) return [];
  return [`${specifier}.ts`, `${specifier}.tsx`, `${specifier}/index.ts`];
}

export async function resolve(specifier: string, context: { parentURL?: string }, next: NextResolve): Promise<Resolved> {
  try {
    return await next(specifier, context);
  } catch (error) {
    const relative = /^(\.{1,2}\/|\/|file:)/.test(specifier);
    if (!relative || context.parentURL === undefined || !TYPESCRIPT.test(context.parentURL)) throw error;
    for (const candidate of typeScriptCandidates(specifier)) {
      try {
        return await next(candidate, context);
      } catch {
        // try the next spelling
      }
    }
    throw error;
  }
}

let esbuild: typeof import('esbuild') | undefined;

async function transform(url: string): Promise<string> {
  if (esbuildUrl === null) throw new Error(`cannot load ${url}: the parent's TypeScript loader has no esbuild to transform it with`);
  esbuild ??= (await import(esbuildUrl)) as typeof import('esbuild');
  const path = fileURLToPath(url);
  const { code } = await esbuild.transform(readFileSync(path, 'utf8'), {
    loader: path.endsWith('x') ? 'tsx' : 'ts',
    format: 'esm',
    sourcefile: path,
    sourcemap: 'inline',
    target: `node${process.versions.node}`,
  });
  return code;
}

/** The parent's JavaScript for the module, if the file is still the one the parent read. */
function fromParent(url: string): string | null {
  const module = transpiled.get(url);
  if (module === undefined) return null;
  try {
    const { mtimeMs, size } = statSync(new URL(url));
    return mtimeMs === module.mtimeMs && size === module.size ? module.source : null;
  } catch {
    return null;
  }
}

export async function load(url: string, context: object, next: NextLoad): Promise<Loaded> {
  if (!url.startsWith('file:') || !TYPESCRIPT.test(url)) return next(url, context);
  await received;
  return { format: 'module', source: fromParent(url) ?? (await transform(url)), shortCircuit: true };
}
