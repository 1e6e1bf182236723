// Node's compile cache for process children (where Node has module.flushCompileCache): the code V8 compiled for a
// child's modules — the bootstrap's graph, the target's module — is kept on disk and reused by the next child instead
// of compiling again. Node runs what it finds there, so the directory must be one only this user can write: created
// 0700 under the temp directory and used only after checking that it is a real directory that this user owns and no
// one else may enter.
import { lstatSync, mkdirSync } from 'node:fs';
import * as nodeModule from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The bootstrap's argument that says the parent set NODE_COMPILE_CACHE for it (the program's children must not see it). */
export const COMPILE_CACHE_FLAG = '--multiproc-compile-cache';

interface CompileCacheApi {
  enableCompileCache?: unknown;
  /** Writes what this process compiled; Node does it at its orderly exit, which a child's _exit() skips. */
  flushCompileCache?: () => void;
  getCompileCacheDir?: () => string | undefined;
}

const api = nodeModule as CompileCacheApi;

/** Whether `path` is a directory of this user's that no one else may write or enter (a symlink is not). */
function isPrivateDirectory(path: string, uid: number): boolean {
  try {
    const stats = lstatSync(path);
    return stats.isDirectory() && stats.uid === uid && (stats.mode & 0o077) === 0;
  } catch {
    return false;
  }
}

let decided: string | null | undefined;

/**
 * The directory to hand a child as NODE_COMPILE_CACHE, or null: on a Node without the cache (or without a way to
 * write it before _exit()), when the program chose its own setting (its environment passes to the child as it is), or
 * when the directory is not private (someone else made it first: children then compile as before).
 */
export function childCompileCacheDirectory(): string | null {
  if (decided !== undefined) return decided;
  decided = null;
  const env = process.env;
  if (api.enableCompileCache === undefined || api.flushCompileCache === undefined || process.getuid === undefined) return null;
  if (env.NODE_COMPILE_CACHE !== undefined || env.NODE_DISABLE_COMPILE_CACHE !== undefined) return null;
  const uid = process.getuid();
  const directory = join(tmpdir(), `multiproc-compile-cache-${uid}`);
  try {
    mkdirSync(directory, { mode: 0o700 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return null;
  }
  return (decided = isPrivateDirectory(directory, uid) ? directory : null);
}

/** A child's part, at its start: the program's code must see the environment its parent had. */
export function hideChildCompileCache(): void {
  if (process.argv.includes(COMPILE_CACHE_FLAG)) delete process.env.NODE_COMPILE_CACHE;
}

/** A child's part, before _exit(): writes what it compiled, if a compile cache is on (the parent's or the program's). */
export function flushChildCompileCache(): void {
  if (api.getCompileCacheDir?.() === undefined) return;
  try {
    api.flushCompileCache?.();
  } catch {
    // a cache that cannot be written only costs the next child its compiling
  }
}
