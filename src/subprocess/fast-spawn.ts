// Children started by the native addon's posix_spawn instead of libuv's fork(), whose cost grows with this process's
// memory. FastChild is the part of ChildProcess that Popen uses; run() and its shortcuts take this path when the
// addon is loaded and every option is one it supports (spawnFast returns null otherwise).
import { EventEmitter } from 'node:events';
import { Socket } from 'node:net';
import { constants } from 'node:os';
import type { Readable, Writable } from 'node:stream';
import { isMainThread } from 'node:worker_threads';
import { native, type NativeStdioSlot } from '../platform/native.js';
import type { Command, StdioSlot } from './options.js';
import { diagnoseSpawnFailure, spawnFailure } from './spawn-failure.js';

/** What Popen needs of a child, whether node's ChildProcess or a FastChild. */
export interface SpawnedChild {
  readonly pid?: number | undefined;
  readonly stdin: Writable | null;
  readonly stdout: Readable | null;
  readonly stderr: Readable | null;
  kill(signal?: NodeJS.Signals | number): boolean;
  on(event: 'error', listener: (error: Error) => void): unknown;
  once(event: 'exit', listener: (code: number | null, signal: NodeJS.Signals | number | null) => void): unknown;
}

const signalNames = new Map<number, NodeJS.Signals>(
  Object.entries(constants.signals).map(([name, number]) => [number, name as NodeJS.Signals]),
);

let enabled = process.env.MULTIPROC_NO_FAST_SPAWN !== '1';

/** Internal (benchmarks, tests): turn the fast path on or off for this thread. */
export function useFastSpawn(on: boolean): void {
  enabled = on;
}

/** A child made by posix_spawn; reaped by the addon, which reports the exit through `onExit`. */
export class FastChild extends EventEmitter implements SpawnedChild {
  readonly pid: number;
  readonly stdin: Socket | null;
  readonly stdout: Socket | null;
  readonly stderr: Socket | null;
  #reaped = false;

  constructor(pid: number, fds: [stdin: number, stdout: number, stderr: number]) {
    super();
    this.pid = pid;
    this.stdin = fds[0] >= 0 ? new Socket({ fd: fds[0], readable: false, writable: true }) : null;
    this.stdout = fds[1] >= 0 ? new Socket({ fd: fds[1], readable: true, writable: false }) : null;
    this.stderr = fds[2] >= 0 ? new Socket({ fd: fds[2], readable: true, writable: false }) : null;
  }

  /** Send a signal as ChildProcess.kill does: false when the child is gone, errors other than ESRCH as 'error'. */
  kill(signal: NodeJS.Signals | number = 'SIGTERM'): boolean {
    if (this.#reaped) return false; // once reaped, the pid may already name another process
    try {
      process.kill(this.pid, signal);
      return true;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ESRCH') return false;
      if (code === 'EINVAL' || code === 'ENOSYS' || code === 'ERR_UNKNOWN_SIGNAL') throw error;
      this.emit('error', error);
      return false;
    }
  }

  /** The addon reaped the child: emit 'exit' as ChildProcess does, with the signal's name when it has one. */
  onExit(code: number | null, signal: number | null): void {
    this.#reaped = true;
    if (code === null && signal === null) code = 255; // the status was lost (reaped elsewhere): never report success
    this.emit('exit', code, signal === null ? null : (signalNames.get(signal) ?? signal));
  }
}

/** A slot posix_spawn can set up by itself, or null for one that needs node (a stream, a pump). */
function nativeSlot(slot: StdioSlot): NativeStdioSlot | null {
  if (slot.pump !== null) return null;
  return typeof slot.node === 'string' || typeof slot.node === 'number' ? slot.node : null;
}

/** Text C can take as it is; anything else is left to node's spawn, which rejects it with node's own error. */
function isPlain(text: unknown): text is string {
  return typeof text === 'string' && !text.includes('\0');
}

/**
 * The child's environment as `KEY=value` pairs, built as node's spawn builds it; null to inherit `environ`, which
 * is process.env on the main thread only (a worker's process.env is a copy); undefined when a value holds a NUL.
 */
function environmentPairs(env: NodeJS.ProcessEnv | undefined): string[] | null | undefined {
  if (env === undefined && isMainThread) return null;
  const source = env ?? process.env;
  const pairs: string[] = [];
  for (const key in source) {
    const value = source[key];
    if (value === undefined) continue;
    const pair = `${key}=${value}`;
    if (pair.includes('\0')) return undefined;
    pairs.push(pair);
  }
  const coverage = process.env.NODE_V8_COVERAGE; // node hands this on even with a custom env, so that coverage works
  if (env !== undefined && coverage !== undefined && !Object.hasOwn(env, 'NODE_V8_COVERAGE')) {
    pairs.push(`NODE_V8_COVERAGE=${coverage}`);
  }
  return pairs;
}

/**
 * Start `command` with posix_spawn, or return null when the addon or an option rules the fast path out (the caller
 * then uses node's spawn). A child that cannot be started throws the same SpawnError as Popen's slow path.
 */
export function spawnFast(
  command: Command, cwd: string | undefined, env: NodeJS.ProcessEnv | undefined, slots: StdioSlot[], newSession: boolean,
): FastChild | null {
  const spawn = native?.spawn;
  if (!enabled || spawn === undefined) return null;
  const stdio = slots.map(nativeSlot);
  const argv = [command.argv0 ?? command.file, ...command.args];
  if (stdio.includes(null) || command.file === '' || !argv.every(isPlain) || !isPlain(command.file)) return null;
  if (cwd !== undefined && !isPlain(cwd)) return null;
  const envp = environmentPairs(env);
  if (envp === undefined) return null;
  let child: FastChild | undefined;
  let started;
  try {
    started = spawn(command.file, argv, envp, cwd ?? null, stdio as NativeStdioSlot[], newSession, (code, signal) => {
      child!.onExit(code, signal);
    });
  } catch (error) {
    throw explainFailure(error as NodeJS.ErrnoException, command.file, cwd, env);
  }
  child = new FastChild(started.pid, [started.stdinFd, started.stdoutFd, started.stderrFd]);
  return child;
}

/** Python's error for a failed start: the cause found as on the slow path, or the errno posix_spawn gave. */
function explainFailure(error: NodeJS.ErrnoException, file: string, cwd: string | undefined, env: NodeJS.ProcessEnv | undefined) {
  if (error.syscall !== 'spawn' || error.code === undefined) return error;
  const diagnosed = diagnoseSpawnFailure(file, cwd, env ?? process.env);
  return diagnosed.code === 'EAGAIN' ? spawnFailure(error.code, file) : diagnosed; // EAGAIN: found, yet not started
}
