// In-thread module hooks for a Node without module.registerHooks (Node 20), on its internal ES module loader, which a
// child of a TypeScript program is started with --expose-internals for. Hooks registered with module.register run on
// a thread of their own: booting it costs a child ~40 ms, and a child forked by the fork server would not have it
// (its first new import would wait forever). The hooks take the shape of module.registerHooks' (synchronous resolve
// and load, each with a `next`), so that typescript-register serves both Nodes with one set.
import { createRequire } from 'node:module';

type Resolved = { url: string; format?: string | null; shortCircuit?: boolean };
type Loaded = { format?: string | null; source?: string | Uint8Array | null; responseURL?: string; shortCircuit?: boolean };
type Attributes = Record<string, string>;
interface ResolveContext {
  parentURL?: string;
  importAttributes?: Attributes;
}
export interface SyncHooks {
  resolve(specifier: string, context: ResolveContext, next: (specifier: string, context?: ResolveContext) => Resolved): Resolved;
  load(url: string, context: { format?: string | null }, next: (url: string, context?: object) => Loaded): Loaded;
}

/** What Node 20's loader (lib/internal/modules/esm/loader.js) offers and expects of the customizations it delegates to. */
interface InternalLoader {
  setCustomizations(customizations: object | null): void;
  defaultResolve(specifier: string, parentURL: string | undefined, importAttributes: Attributes): Resolved;
}
interface InternalModules {
  loader: { getOrInitializeCascadedLoader(): InternalLoader };
  load: { defaultLoad(url: string, context: object): Promise<Loaded>; defaultLoadSync(url: string, context: object): Loaded };
  meta: { initializeImportMeta(meta: object, context: object, loader: InternalLoader): object };
}

function internalModules(): InternalModules | null {
  try {
    const require = createRequire(import.meta.url);
    const modules = {
      loader: require('internal/modules/esm/loader'),
      load: require('internal/modules/esm/load'),
      meta: require('internal/modules/esm/initialize_import_meta'),
    } as InternalModules;
    const loader = modules.loader.getOrInitializeCascadedLoader();
    const shaped =
      typeof loader.setCustomizations === 'function' &&
      typeof loader.defaultResolve === 'function' &&
      typeof modules.load.defaultLoad === 'function' &&
      typeof modules.load.defaultLoadSync === 'function' &&
      typeof modules.meta.initializeImportMeta === 'function';
    return shaped ? modules : null;
  } catch {
    return null; // internals not exposed, or laid out otherwise
  }
}

/** The loader validates and translates what a customization returns; it also wants the URL the source came from. */
function loaded(url: string, result: Loaded): Loaded {
  if (result.format === undefined || result.format === null) throw new TypeError(`the TypeScript hook gave no format for ${url}`);
  return { format: result.format, source: result.source, responseURL: result.responseURL ?? url };
}

/**
 * registerHooks for this process's loader, or null where the internals are not open or not as Node 20 lays them out.
 * Unlike module.registerHooks, one set of hooks only: when the program calls module.register, the hooks are dropped,
 * `leave` (which registers their like on the hooks thread) is called, and the program's hooks are registered after
 * them; without `leave` (a forked child would not have the hooks thread) module.register fails.
 */
export function internalRegisterHooks(): ((hooks: SyncHooks, leave?: () => void) => void) | null {
  const modules = internalModules();
  if (modules === null) return null;
  const loader = modules.loader.getOrInitializeCascadedLoader();
  const noAttributes = (): Attributes => Object.create(null) as Attributes;
  return (hooks, leave) => {
    const resolve = (specifier: string, parentURL: string | undefined, importAttributes = noAttributes()): Resolved =>
      hooks.resolve(specifier, { parentURL, importAttributes }, (next, context) =>
        loader.defaultResolve(next, context?.parentURL ?? parentURL, context?.importAttributes ?? importAttributes),
      );
    loader.setCustomizations({
      allowImportMetaResolve: true,
      resolve: async (specifier: string, parentURL?: string, importAttributes?: Attributes) => resolve(specifier, parentURL, importAttributes),
      resolveSync: resolve,
      load: async (url: string, context: object) => {
        const result = hooks.load(url, context, (next, nextContext) => modules.load.defaultLoad(next, nextContext ?? context) as unknown as Loaded);
        return loaded(url, await result);
      },
      loadSync: (url: string, context: object) => loaded(url, hooks.load(url, context, (next, nextContext) => modules.load.defaultLoadSync(next, nextContext ?? context))),
      importMetaInitialize: (meta: object, context: object) => modules.meta.initializeImportMeta(meta, context, loader),
      register: (...registration: unknown[]) => {
        if (leave === undefined) {
          throw new Error("module.register() is not available in a forked child of a TypeScript program on Node 20: use the 'spawn' start method, or MULTIPROC_FORKSERVER=spares");
        }
        loader.setCustomizations(null);
        leave();
        return (loader as unknown as { register(...registration: unknown[]): unknown }).register(...registration);
      },
      forceLoadHooks: () => {},
    });
  };
}
