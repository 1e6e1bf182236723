// A child's --import module when its parent runs TypeScript (see typescript-loader): hooks module loading so that the
// program's TypeScript modules load as the JavaScript the parent runs for them, which the bootstrap hands over with
// the payload. Where Node has in-thread hooks (module.registerHooks, Node >= 22.15) they run here, synchronously;
// otherwise typescript-hooks is registered on Node's hooks thread and gets the modules through a port.
import * as nodeModule from 'node:module';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel } from 'node:worker_threads';
import type { TranspiledModule } from '../reference/inspector.js';
import { esbuildOptionsLikeTsx, mayMeanTypeScript, parentsJavaScript, TYPESCRIPT_URL, typeScriptCandidates } from './typescript-modules.js';

type Resolved = { url: string; format?: string | null; shortCircuit?: boolean };
type Loaded = { format?: string | null; source?: string | Uint8Array | null; shortCircuit?: boolean };
interface SyncHooks {
  resolve(specifier: string, context: { parentURL?: string }, next: (specifier: string, context?: object) => Resolved): Resolved;
  load(url: string, context: { format?: string | null }, next: (url: string, context?: object) => Loaded): Loaded;
}
type RegisterHooks = (hooks: SyncHooks) => unknown;

/** Where the bootstrap finds the function that hands the hooks the parent's modules. */
const PROVIDE_TRANSPILED = Symbol.for('multiproc.provideTranspiled');
const holder = globalThis as { [PROVIDE_TRANSPILED]?: (modules: Record<string, TranspiledModule>) => void };

/** URL of the parent's tsx's esbuild, for modules the parent did not load; absent when Node strips types itself. */
const esbuild = new URL(import.meta.url).searchParams.get('esbuild');

function registerInThread(registerHooks: RegisterHooks): void {
  const transpiled = new Map<string, TranspiledModule>();
  holder[PROVIDE_TRANSPILED] = (modules) => {
    for (const [url, module] of Object.entries(modules)) transpiled.set(url, module);
  };
  let transformSync: typeof import('esbuild').transformSync | undefined;
  const transform = (url: string): string => {
    transformSync ??= (nodeModule.createRequire(import.meta.url)(fileURLToPath(esbuild!)) as typeof import('esbuild')).transformSync;
    const path = fileURLToPath(url);
    return transformSync(readFileSync(path, 'utf8'), esbuildOptionsLikeTsx(path)).code;
  };
  registerHooks({
    resolve(specifier, context, next) {
      try {
        return next(specifier, context);
      } catch (error) {
        if (!mayMeanTypeScript(specifier, context.parentURL)) throw error;
        for (const candidate of typeScriptCandidates(specifier)) {
          try {
            return next(candidate, context);
          } catch {
            // try the next spelling
          }
        }
        throw error;
      }
    },
    load(url, context, next) {
      if (!url.startsWith('file:') || !TYPESCRIPT_URL.test(url)) return next(url, context);
      const source = parentsJavaScript(transpiled, url) ?? (esbuild === null ? null : transform(url));
      // Without esbuild, Node's own type stripping loads what the parent did not.
      return source === null ? next(url, context) : { format: 'module', source, shortCircuit: true };
    },
  });
}

function registerOnHooksThread(): void {
  const { port1, port2 } = new MessageChannel();
  const hooks = new URL(`./typescript-hooks${import.meta.url.split('?')[0].endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);
  nodeModule.register(hooks, { data: { port: port2, esbuild }, transferList: [port2] });
  port1.unref();
  holder[PROVIDE_TRANSPILED] = (modules) => port1.postMessage(modules);
}

const registerHooks = (nodeModule as { registerHooks?: RegisterHooks }).registerHooks;
if (registerHooks !== undefined) registerInThread(registerHooks);
else registerOnHooksThread();
