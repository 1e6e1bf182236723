// A child's --import module when its parent runs TypeScript (see typescript-loader): hooks module loading so that the
// program's TypeScript modules load as the JavaScript the parent runs for them, which the bootstrap hands over with
// the payload. Where Node has in-thread hooks (module.registerHooks, Node >= 22.15) they run here, synchronously;
// on Node 20, where the parent opened its internals to this child, they run here too, on its internal loader; otherwise
// typescript-hooks is registered on Node's hooks thread and gets the modules through a port.
import * as nodeModule from 'node:module';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel } from 'node:worker_threads';
import type { TranspiledModule } from '../reference/inspector.js';
import { internalRegisterHooks, type SyncHooks } from './internal-module-hooks.js';
import { esbuildOptionsLikeTsx, mayMeanTypeScript, parentsJavaScript, TYPESCRIPT_URL, typeScriptCandidates } from './typescript-modules.js';

/** module.registerHooks, or internal-module-hooks' (which calls `leave` when the program registers hooks of its own). */
type RegisterHooks = (hooks: SyncHooks, leave?: () => void) => unknown;

/** Where the bootstrap finds the function that hands the hooks the parent's modules. */
const PROVIDE_TRANSPILED = Symbol.for('multiproc.provideTranspiled');
const holder = globalThis as { [PROVIDE_TRANSPILED]?: (modules: Record<string, TranspiledModule>) => void };

const parameters = new URL(import.meta.url).searchParams;
/** URL of the parent's tsx's esbuild, for modules the parent did not load; absent when Node strips types itself. */
const esbuild = parameters.get('esbuild');
/** Set for the fork server (typescript-loader's parameters): nothing may run on a thread of its own. */
const forking = parameters.has('forking');
/** Set on Node 20, started with its internals open: the hooks run on this thread, as module.registerHooks' would. */
const inThread = forking || parameters.has('in-thread');

/** esbuild's synchronous API runs its service from a worker thread unless told not to; forking, it must not. */
function loadEsbuild(): typeof import('esbuild') {
  const load = () => nodeModule.createRequire(import.meta.url)(fileURLToPath(esbuild!)) as typeof import('esbuild');
  if (!forking) return load();
  const before = process.env.ESBUILD_WORKER_THREADS;
  process.env.ESBUILD_WORKER_THREADS = '0'; // read once, when esbuild loads
  try {
    return load();
  } finally {
    if (before === undefined) delete process.env.ESBUILD_WORKER_THREADS;
    else process.env.ESBUILD_WORKER_THREADS = before;
  }
}

function registerInThread(registerHooks: RegisterHooks): void {
  const transpiled = new Map<string, TranspiledModule>();
  let provided = false;
  holder[PROVIDE_TRANSPILED] = (modules) => {
    provided = true;
    for (const [url, module] of Object.entries(modules)) transpiled.set(url, module);
  };
  // Node 20's internal loader takes one set of hooks: a program that registers its own (module.register) has them run
  // on the hooks thread, with these, as they would without the internals.
  const leave = () => {
    registerOnHooksThread();
    if (provided) holder[PROVIDE_TRANSPILED]!(Object.fromEntries(transpiled));
  };
  let transformSync: typeof import('esbuild').transformSync | undefined;
  const transform = (url: string): string => {
    transformSync ??= loadEsbuild().transformSync;
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
  }, forking ? undefined : leave);
}

function registerOnHooksThread(): void {
  const { port1, port2 } = new MessageChannel();
  const hooks = new URL(`./typescript-hooks${import.meta.url.split('?')[0].endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);
  nodeModule.register(hooks, { data: { port: port2, esbuild }, transferList: [port2] });
  port1.unref();
  holder[PROVIDE_TRANSPILED] = (modules) => port1.postMessage(modules);
}

const registerHooks = (nodeModule as { registerHooks?: RegisterHooks }).registerHooks ?? (inThread ? internalRegisterHooks() : null);
if (registerHooks !== null) registerInThread(registerHooks);
// A fork server that cannot keep the hooks on its thread ends before it forks; its parent then keeps warm spares.
else if (forking) process.exit(1);
else registerOnHooksThread();
