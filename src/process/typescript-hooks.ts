// Module hooks of a child whose parent runs TypeScript through tsx (see typescript-loader), on Node's hooks thread.
// A TypeScript module the parent has loaded is served as the JavaScript the parent runs (unless the file changed
// since); any other is transformed here with the parent's tsx's esbuild. Specifiers written the TypeScript way
// ('./x.js' for ./x.ts, no extension) resolve as tsx resolves them.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { MessagePort } from 'node:worker_threads';
import type { TranspiledModule } from '../reference/inspector.js';
import { esbuildOptionsLikeTsx, mayMeanTypeScript, parentsJavaScript, TYPESCRIPT_URL, typeScriptCandidates } from './typescript-modules.js';

interface HookData {
  port: MessagePort;
  /** URL of esbuild, for modules the parent did not load; null when it was not found. */
  esbuild: string | null;
}

type Resolved = { url: string; format?: string | null; shortCircuit?: boolean };
type NextResolve = (specifier: string, context: { parentURL?: string }) => Promise<Resolved>;
type Loaded = { format: string; source?: string | Uint8Array | null; shortCircuit?: boolean };
type NextLoad = (url: string, context: object) => Promise<Loaded>;

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

export async function resolve(specifier: string, context: { parentURL?: string }, next: NextResolve): Promise<Resolved> {
  try {
    return await next(specifier, context);
  } catch (error) {
    if (!mayMeanTypeScript(specifier, context.parentURL)) throw error;
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
  return (await esbuild.transform(readFileSync(path, 'utf8'), esbuildOptionsLikeTsx(path))).code;
}

export async function load(url: string, context: object, next: NextLoad): Promise<Loaded> {
  if (!url.startsWith('file:') || !TYPESCRIPT_URL.test(url)) return next(url, context);
  await received;
  return { format: 'module', source: parentsJavaScript(transpiled, url) ?? (await transform(url)), shortCircuit: true };
}
