// Loads the native addon once per thread: a local build if there is one, else the binary prebuilt for this platform
// and Node ABI. Its absence is not fatal: threads can share plain SharedArrayBuffers and wait with Atomics; only what
// needs other processes throws `nativeMissing()`'s NativeAddonError.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { packageRoot } from '../package-root.js';
import { NativeAddonError } from '../errors.js';

/** A child's stdio slot for `spawn`: a new pipe, /dev/null, this process's same fd, or a descriptor of ours. */
export type NativeStdioSlot = 'pipe' | 'ignore' | 'inherit' | number;

/** What `spawn` started: the pid and this side of each pipe (-1 where the slot is not 'pipe'). */
export interface NativeSpawned {
  pid: number;
  stdinFd: number;
  stdoutFd: number;
  stderrFd: number;
}

/** The addon's functions. Optional ones may be missing from a binary (no pidfds, or a local build older than the
 * library that loads it): callers check and fall back to the way that needs no addon. */
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
   * `reportFd`.
   */
  exitNow?(code: number, reportFd?: number): never;
  /** Reaps a child's exit helper (see exitNow) once it has ended. Absent without pidfds (Linux < 5.3). */
  reapHelper?(pid: number): void;
  /** Reaps, waiting, the exit helpers not reaped yet (at this process's exit). Present with reapHelper. */
  reapHelpersNow?(): void;
  /** A TCP socket bound to `host:port` and listening; its descriptor. Throws the OS's error (code EADDRINUSE …). */
  listenTcp?(host: string, port: number, backlog: number): number;
  /** A Unix socket bound at `path` and listening; its descriptor. */
  listenUnix?(path: string, backlog: number): number;
  /**
   * The fork server's loop (fd 3: payload frames in, [kind, pid, value] reports out). Never returns in the server;
   * returns in each forked child its pid and fresh random words. Absent without pidfds (Linux < 5.3).
   */
  forkServe?(): { pid: number; seed: number[] };
  /** A pidfd for process `pid`, or -1 when there is none. Present with forkServe. */
  pidfdOpen?(pid: number): number;
  /** Sends `signal` to exactly the process of `pidfd`. Present with forkServe. */
  pidfdSignal?(pidfd: number, signal: number): void;
  /** Closes a pidfd of pidfdOpen. Present with forkServe. */
  pidfdClose?(pidfd: number): void;
  /**
   * posix_spawn `file` (looked up on envp's PATH) with argv; envp null inherits environ. `onExit` gets the exit code
   * or signal number once the child is reaped. Absent without pidfds (Linux < 5.3).
   */
  spawn?(
    file: string, argv: string[], envp: string[] | null, cwd: string | null, stdio: NativeStdioSlot[], newSession: boolean,
    onExit: (code: number | null, signal: number | null) => void,
  ): NativeSpawned;
}

/** Where a binary for this Node may be, in the order tried: a local build first (what `npm rebuild` just made), then
 * the prebuilt one for this platform and Node ABI, in the layout node-gyp-build reads. */
export function addonCandidates(root = packageRoot()): string[] {
  return [
    join(root, 'build', 'Release', 'multiproc.node'),
    join(root, 'prebuilds', `${process.platform}-${process.arch}`, `node.abi${process.versions.modules}.node`),
  ];
}

function load(): { addon: NativeAddon | null; reason: string | null } {
  if (process.env.MULTIPROC_NO_NATIVE === '1') return { addon: null, reason: 'loading it is disabled by MULTIPROC_NO_NATIVE=1' };
  const require = createRequire(import.meta.url);
  const failures: string[] = [];
  for (const path of addonCandidates()) {
    if (!existsSync(path)) continue;
    try {
      return { addon: require(path) as NativeAddon, reason: null };
    } catch (error) {
      failures.push(`${path} did not load: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  if (failures.length > 0) return { addon: null, reason: failures.join('; ') };
  return {
    addon: null,
    reason: `no binary is prebuilt for ${process.platform}-${process.arch} on Node ${process.versions.node} (ABI ${process.versions.modules}) and none was built here`,
  };
}

const loaded = load();

/** The addon, or null when it is not built (threads still work). */
export const native: NativeAddon | null = loaded.addon;

/** Why the addon is missing (null when it loaded). */
export const nativeMissingReason: string | null = loaded.reason;

/** The error to throw when an operation needs other processes and the addon is missing. */
export function nativeMissing(what: string): NativeAddonError {
  return new NativeAddonError(
    `${what} needs multiproc's native addon, which could not be loaded: ${loaded.reason ?? 'unknown reason'}. ` +
      'Build it with `npm rebuild multiproc` (needs python3, make and a C++ compiler), or allow the package\'s install ' +
      'script if it was skipped. Without the addon, threads (Thread, ThreadPool, the \'thread\' start method), Process ' +
      'children that share no memory, and subprocess still work.',
  );
}

/** The addon, or an explanation of how to build it. */
export function requireNative(what: string): NativeAddon {
  if (native === null) throw nativeMissing(what);
  return native;
}
