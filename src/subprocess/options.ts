// The options Popen, run and their sync twins accept, their types (text mode gives strings), and their
// translation into what node:child_process understands. Shared by the async and the sync paths.
import { checkTimeout } from '../validate.js';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { ValueError } from '../errors.js';
import { DEFAULT_SHELL, DEVNULL, PIPE, STDOUT } from './constants.js';

/** A program and its arguments, or (with `shell: true`) a command line. */
export type Args = string | readonly string[];
/** Data for the child's stdin: text in text mode, bytes otherwise (both are accepted). */
export type Input = string | Uint8Array;
/** Where the child's stdin comes from: PIPE, DEVNULL, 'inherit' (the default), a file descriptor or a stream. */
export type StdinTarget = typeof PIPE | typeof DEVNULL | 'pipe' | 'ignore' | 'inherit' | number | Readable | null;
/** Where the child's stdout goes: PIPE, DEVNULL, 'inherit' (the default), a file descriptor or a stream. */
export type OutputTarget = typeof PIPE | typeof DEVNULL | 'pipe' | 'ignore' | 'inherit' | number | Writable | null;
/** Where the child's stderr goes: as stdout, or STDOUT to share stdout's destination. */
export type StderrTarget = OutputTarget | typeof STDOUT;

/** Python's Popen keyword arguments that make sense on Node. */
export interface PopenOptions {
  stdin?: StdinTarget;
  stdout?: OutputTarget;
  stderr?: StderrTarget;
  /** Run `args` through /bin/sh -c; otherwise arguments reach the program untouched. */
  shell?: boolean;
  cwd?: string | URL;
  /** The child's whole environment (replaces process.env, as in Python). */
  env?: NodeJS.ProcessEnv;
  /** Text mode: outputs are strings (utf8), '\r\n' and '\r' read as '\n', as in Python. */
  text?: boolean;
  /** Text mode with this encoding. */
  encoding?: BufferEncoding;
  /** The program to execute instead of args[0] (which becomes argv[0]); with shell, replaces /bin/sh. */
  executable?: string;
  /** Start the child in a new session, leading its own process group (Python's start_new_session). */
  startNewSession?: boolean;
  /**
   * Cancels: on abort the child and its process group are killed (SIGKILL), as on a timeout, and the pending call
   * rejects with the signal's reason. A child given a signal leads its own process group (as startNewSession).
   */
  signal?: AbortSignal;
}

/** run()'s options: Popen's plus Python's run() keywords. `timeout` is in milliseconds. */
export interface RunOptions extends PopenOptions {
  input?: Input | null;
  captureOutput?: boolean;
  timeout?: number | null;
  check?: boolean;
}

type Field<O, K extends PropertyKey> = K extends keyof O ? O[K] : undefined;

/** string in text mode, Buffer otherwise, either when the options type does not say. */
export type OutputFor<O> = O extends { text: true } | { encoding: BufferEncoding }
  ? string
  : true extends Field<O, 'text'>
    ? string | Buffer
    : [Exclude<Field<O, 'encoding'>, undefined>] extends [never]
      ? Buffer
      : string | Buffer;

/** The type of run()'s `stdout` (K = 'stdout') or `stderr`: the output when surely captured, else also null. */
export type CapturedFor<O, K extends 'stdout' | 'stderr'> = O extends
  | { captureOutput: true }
  | { [P in K]: typeof PIPE | 'pipe' }
  ? OutputFor<O>
  : OutputFor<O> | null;

/** What to execute, resolved from args, shell and executable. */
export interface Command {
  file: string;
  args: string[];
  argv0: string | undefined;
}

/** Turn Python-style args into node's (file, args, argv0); a string without shell is a program name. */
export function buildCommand(args: Args, options: PopenOptions): Command {
  const list = typeof args === 'string' ? [args] : [...args];
  if (list.length === 0) throw new ValueError('args must not be empty');
  if (options.shell) {
    return { file: options.executable ?? DEFAULT_SHELL, args: ['-c', ...list], argv0: DEFAULT_SHELL };
  }
  if (options.executable !== undefined) return { file: options.executable, args: list.slice(1), argv0: list[0] };
  return { file: list[0]!, args: list.slice(1), argv0: undefined };
}

/** The encoding of text mode, or null for bytes. */
export function textEncoding(options: PopenOptions): BufferEncoding | null {
  return options.encoding ?? (options.text ? 'utf8' : null);
}

/** cwd as a path string (file: URLs accepted). */
export function cwdPath(cwd: string | URL | undefined): string | undefined {
  return cwd instanceof URL ? fileURLToPath(cwd) : cwd;
}

/** One stdio slot as node takes it; `pump` is a stream without a descriptor that must be copied by hand. */
export interface StdioSlot {
  node: 'pipe' | 'ignore' | 'inherit' | number | Readable | Writable;
  pump: Readable | Writable | null;
}

/** Translate one of stdin/stdout/stderr (not STDOUT, which needs its sibling) into a node stdio slot. */
export function toStdioSlot(target: StdinTarget | OutputTarget | undefined, name: string): StdioSlot {
  if (target === undefined || target === null || target === 'inherit') return { node: 'inherit', pump: null };
  if (target === PIPE || target === 'pipe') return { node: 'pipe', pump: null };
  if (target === DEVNULL || target === 'ignore') return { node: 'ignore', pump: null };
  if (typeof target === 'number') {
    if (!Number.isInteger(target) || target < 0) throw new ValueError(`${name}: invalid file descriptor ${target}`);
    return { node: target, pump: null };
  }
  if (typeof target === 'object') {
    const stream = target as (Readable | Writable) & { fd?: unknown; _handle?: unknown };
    if (typeof stream.fd === 'number') return { node: stream.fd, pump: null };
    if (stream._handle) return { node: stream, pump: null };
    return { node: 'pipe', pump: stream };
  }
  throw new ValueError(`${name}: invalid value ${String(target)}`);
}

/** Reject Python's incompatible combinations of run() options, with Python's messages. */
export function validateRunOptions(options: RunOptions): void {
  if (options.input != null && options.stdin != null) {
    throw new ValueError('stdin and input arguments may not both be used.');
  }
  if (options.captureOutput && (options.stdout != null || options.stderr != null)) {
    throw new ValueError('stdout and stderr arguments may not be used with capture_output.');
  }
  if (options.stdin === STDOUT || options.stdout === STDOUT) throw new ValueError('STDOUT is only valid for stderr');
}

/** The stdio run() passes to Popen: input means a stdin pipe, captureOutput means stdout and stderr pipes. */
export function runStdio(options: RunOptions): Pick<PopenOptions, 'stdin' | 'stdout' | 'stderr'> {
  return {
    stdin: options.input != null ? PIPE : options.stdin,
    stdout: options.captureOutput ? PIPE : options.stdout,
    stderr: options.captureOutput ? PIPE : options.stderr,
  };
}

/** run() and runSync() collect stdout and stderr in one file when stderr is STDOUT and stdout is captured. */
export function mergesIntoCapture(stdio: Pick<PopenOptions, 'stdout' | 'stderr'>): boolean {
  return stdio.stderr === STDOUT && (stdio.stdout === PIPE || stdio.stdout === 'pipe');
}

/** SPEC convention 3 (the argument validator's), with `null` for "forever" as this layer's timers take it. */
export function normalizeTimeout(timeout: number | null | undefined): number | null {
  return checkTimeout(timeout);
}
