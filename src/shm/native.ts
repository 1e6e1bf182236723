// Loads the native addon once per thread. Its absence is not fatal: threads can share plain SharedArrayBuffers and
// wait with Atomics; only what needs other processes reports `nativeMissing()`.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { packageRoot } from '../package-root.js';

/** A child's stdio slot for `spawn`: a new pipe, /dev/null, this process's same fd, or a descriptor of ours. */
export type NativeStdioSlot = 'pipe' | 'ignore' | 'inherit' | number;

/** What `spawn` started: the pid and this side of each pipe (-1 where the slot is not 'pipe'). */
export interface NativeSpawned {
  pid: number;
  stdinFd: number;
  stdoutFd: number;
  stderrFd: number;
}

export interface NativeAddon {
  shmCreate(name: string, size: number): SharedArrayBuffer;
  shmAttach(name: string): SharedArrayBuffer;
  shmUnlink(name: string): void;
  /** 0 woken, 1 not equal, 2 timed out; timeoutMs < 0 waits forever. */
  futexWait(buffer: SharedArrayBuffer, byteOffset: number, expected: number, timeoutMs: number): 0 | 1 | 2;
  futexWake(buffer: SharedArrayBuffer, byteOffset: number, count: number): number;
  waiterInit(onFired: (ids: number[]) => void): void;
  waitAsync(buffer: SharedArrayBuffer, byteOffset: number, expected: number): number;
  waitCancel(id: number): void;
  waiterRef(ref: boolean): void;
  setParentDeathSignal(signal: number): number;
  /** Makes this process the reaper of its descendants' orphans (tests use it to see what a child left behind). */
  setChildSubreaper(): void;
  /**
   * _exit(code): ends the process without Node's teardown. With `reportFd`, first starts a helper, a child of this
   * process's parent sharing its memory, that frees the memory after the exit; its pid (int32) is written to
   * `reportFd`. Absent in an older build.
   */
  exitNow?(code: number, reportFd?: number): never;
  /** Reaps a child's exit helper (see exitNow) once it has ended. Absent without pidfds (Linux < 5.3). */
  reapHelper?(pid: number): void;
  /** Reaps, waiting, the exit helpers not reaped yet (at this process's exit). Present with reapHelper. */
  reapHelpersNow?(): void;
  /**
   * posix_spawn `file` (looked up on envp's PATH) with argv; envp null inherits environ. `onExit` gets the exit code
   * or signal number once the child is reaped. Absent without pidfds (Linux < 5.3) or in an older build.
   */
  /** A TCP socket bound to `host:port` and listening; its descriptor. Throws the OS's error (code EADDRINUSE …). Absent in an older build. */
  listenTcp?(host: string, port: number, backlog: number): number;
  /** A Unix socket bound at `path` and listening; its descriptor. Absent in an older build. */
  listenUnix?(path: string, backlog: number): number;
  spawn?(
    file: string, argv: string[], envp: string[] | null, cwd: string | null, stdio: NativeStdioSlot[], newSession: boolean,
    onExit: (code: number | null, signal: number | null) => void,
  ): NativeSpawned;
}

function load(): { addon: NativeAddon | null; error: Error | null } {
  if (process.env.MULTIPROC_NO_NATIVE === '1') return { addon: null, error: new Error('disabled by MULTIPROC_NO_NATIVE=1') };
  try {
    return { addon: createRequire(import.meta.url)(join(packageRoot(), 'build', 'Release', 'multiproc.node')) as NativeAddon, error: null };
  } catch (error) {
    return { addon: null, error: error as Error };
  }
}

const loaded = load();

/** The addon, or null when it is not built (threads still work). */
export const native: NativeAddon | null = loaded.addon;

/** The error to throw when an operation needs other processes and the addon is missing. */
export function nativeMissing(what: string): Error {
  return new Error(
    `${what} needs multiproc's native addon, which is not built (${loaded.error?.message ?? 'unknown reason'}). ` +
      'Build it with `npm rebuild multiproc` (needs python3, make and a C++ compiler; set npm_config_nodedir if ' +
      "node-gyp cannot download headers), or allow the package's install script. Without it only the 'thread' " +
      'start method is available.',
  );
}

/** The addon, or an explanation of how to build it. */
export function requireNative(what: string): NativeAddon {
  if (native === null) throw nativeMissing(what);
  return native;
}
