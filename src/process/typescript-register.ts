// A child's --import module when its parent runs TypeScript through tsx (see typescript-loader): registers the small
// module hook (typescript-hooks) and gives the bootstrap a way to hand it the parent's JavaScript for its TypeScript
// modules, which arrives with the payload.
import { register } from 'node:module';
import { MessageChannel } from 'node:worker_threads';
import type { TranspiledModule } from '../reference/inspector.js';

/** Where the bootstrap finds the function that hands the hook the parent's modules. */
const PROVIDE_TRANSPILED = Symbol.for('multiproc.provideTranspiled');

const { port1, port2 } = new MessageChannel();
const esbuild = new URL(import.meta.url).searchParams.get('esbuild');
const hooks = new URL(`./typescript-hooks${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);
register(hooks, { data: { port: port2, esbuild }, transferList: [port2] });
port1.unref();
(globalThis as { [PROVIDE_TRANSPILED]?: (modules: Record<string, TranspiledModule>) => void })[PROVIDE_TRANSPILED] = (modules) => port1.postMessage(modules);
