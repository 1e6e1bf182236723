// Popen: one child process, started at construction as in Python, with promise-based waiting.
import { spawn, type StdioOptions } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { STDOUT } from './constants.js';
import { Collector, endOf, withTimeout } from './collector.js';
import { TimeoutExpired } from './errors.js';
import { toReturncode } from './format.js';
import {
  buildCommand, cwdPath, normalizeTimeout, textEncoding, toStdioSlot,
  type Args, type Input, type OutputFor, type PopenOptions, type StdioSlot,
} from './options.js';
import { spawnFast, type SpawnedChild } from './fast-spawn.js';
import { encodeInput, SharedPipe } from './output.js';
import { diagnoseSpawnFailure } from './spawn-failure.js';
import { onAbort, throwIfAborted, validateSignal } from '../time.js';

/** Internal: kill the child, and its whole process group when it leads one (run()'s timeout). */
export const killTree = Symbol('killTree');
/** Internal: what communicate() has read so far, without waiting. */
export const readSoFar = Symbol('readSoFar');
/** Internal: close this side of every pipe (after a failed run(), so stray grandchildren cannot hold us). */
export const closePipes = Symbol('closePipes');
/** Internal: the exit status once the child has exited, whatever the signal says (run()'s clean-up). */
export const exited = Symbol('exited');

type Output<T> = [stdout: T | null, stderr: T | null];

/** The three stdio slots for spawn; with stderr: STDOUT and stdout: PIPE, one shared pipe feeds both. */
function planStdio(options: PopenOptions) {
  const stdinSlot = toStdioSlot(options.stdin, 'stdin');
  let stdoutSlot = toStdioSlot(options.stdout, 'stdout');
  if (options.stderr !== STDOUT) return { stdinSlot, stdoutSlot, stderrSlot: toStdioSlot(options.stderr, 'stderr'), shared: null };
  let shared: SharedPipe | null = null;
  if (stdoutSlot.node === 'pipe' && stdoutSlot.pump === null) {
    shared = new SharedPipe();
    stdoutSlot = { node: shared.writeFd, pump: null };
  }
  const stderrSlot: StdioSlot = stdoutSlot.node === 'inherit' ? { node: 1, pump: null } : stdoutSlot;
  return { stdinSlot, stdoutSlot, stderrSlot, shared };
}

class PopenProcess<T extends string | Buffer = string | Buffer> implements AsyncDisposable {
  /** The args as given (what errors report as `cmd`). */
  readonly args: Args;
  readonly pid: number;
  /** null while running; the exit code, or -N for a child ended by signal N. Set when the exit is seen. */
  returncode: number | null = null;
  /** Writable end of the child's stdin when `stdin: PIPE`, else null. */
  readonly stdin: Writable | null;
  /** Readable end of the child's stdout when `stdout: PIPE`, else null (strings in text mode). */
  readonly stdout: Readable | null;
  /** Readable end of the child's stderr when `stderr: PIPE`, else null (strings in text mode). */
  readonly stderr: Readable | null;

  readonly #child: SpawnedChild;
  readonly #exit: Promise<number>;
  readonly #encoding: BufferEncoding | null;
  readonly #leadsGroup: boolean;
  readonly #pumps: Promise<void>[] = [];
  #collectors: [Collector | null, Collector | null] | null = null;
  #signalError: Error | null = null;
  readonly #abortSignal: AbortSignal | undefined;

  /** `fast` (run() and its shortcuts only) lets the native posix_spawn start the child when the options allow. */
  constructor(args: Args, options: PopenOptions = {}, fast = false) {
    this.args = typeof args === 'string' ? args : [...args];
    const signal = validateSignal(options.signal);
    throwIfAborted(signal);
    const command = buildCommand(args, options);
    const cwd = cwdPath(options.cwd);
    const { stdinSlot, stdoutSlot, stderrSlot, shared } = planStdio(options);
    // With a signal the child leads its own process group, so that an abort reaches what it started too.
    this.#leadsGroup = options.startNewSession === true || signal !== undefined;
    this.#abortSignal = signal;
    const stdio = [stdinSlot.node, stdoutSlot.node, stderrSlot.node] as StdioOptions;
    let child: SpawnedChild;
    try {
      child = (fast ? spawnFast(command, cwd, options.env, [stdinSlot, stdoutSlot, stderrSlot], this.#leadsGroup) : null) ??
        spawn(command.file, command.args, {
          cwd, env: options.env, stdio, detached: this.#leadsGroup, argv0: command.argv0, windowsHide: true,
        });
    } catch (error) {
      shared?.reader.destroy();
      throw error;
    } finally {
      shared?.closeWriteEnd();
    }
    child.on('error', (error) => { this.#signalError = error; });
    if (child.pid === undefined) {
      for (const stream of [child.stdin, child.stdout, child.stderr, shared?.reader]) stream?.destroy();
      throw diagnoseSpawnFailure(command.file, cwd, options.env ?? process.env);
    }
    // Node drains (and discards) a child's unread output when it exits; Python keeps it for a later read or
    // communicate(). Node finds the streams to drain through `child.stdio`, which Popen does not use.
    (child as unknown as { stdio: unknown[] }).stdio = [];
    this.#child = child;
    this.pid = child.pid;
    this.#exit = new Promise((resolve) => {
      child.once('exit', (code, signal) => resolve((this.returncode = toReturncode(code, signal))));
    });
    const stopListening = onAbort(signal, () => this[killTree]());
    void this.#exit.then(stopListening);

    this.stdin = stdinSlot.node === 'pipe' && stdinSlot.pump === null ? child.stdin : null;
    this.stdout = shared ? shared.reader : stdoutSlot.node === 'pipe' && stdoutSlot.pump === null ? child.stdout : null;
    this.stderr = stderrSlot.node === 'pipe' && stderrSlot.pump === null ? child.stderr : null;
    this.#encoding = textEncoding(options);
    if (this.#encoding !== null) {
      this.stdout?.setEncoding(this.#encoding);
      this.stderr?.setEncoding(this.#encoding);
      this.stdin?.setDefaultEncoding(this.#encoding);
    }
    this.stdin?.on('error', () => {}); // the child may exit without reading: Python ignores the broken pipe too
    this.#startPumps(child, stdinSlot, stdoutSlot, stderrSlot);
  }

  /** The exit status if the exit has been seen (the event loop must have run), else null. Never waits. */
  poll(): number | null {
    return this.returncode;
  }

  /**
   * Wait for the child to exit; TimeoutExpired after `timeout` ms (the child is left running, as in Python). When the
   * Popen's `signal` aborts first, the child is killed and this rejects with the signal's reason.
   */
  wait(timeout?: number | null): Promise<number> {
    if (this.returncode !== null) return Promise.resolve(this.returncode);
    const limit = normalizeTimeout(timeout);
    return withTimeout(this.#exit, limit, () => new TimeoutExpired(this.args, timeout!), this.#abortSignal);
  }

  /**
   * Send `input` (then close stdin), read stdout and stderr to their ends at once (no deadlock however much
   * either carries) and wait for the exit. On timeout: TimeoutExpired with what was read so far; the child
   * keeps running and a later communicate() returns everything.
   */
  async communicate(input?: Input | null, timeout?: number | null): Promise<Output<T>> {
    this.#feedStdin(input);
    const collectors = (this.#collectors ??= [
      this.stdout && new Collector(this.stdout),
      this.stderr && new Collector(this.stderr),
    ]);
    const finished = Promise.all([collectors[0]?.done, collectors[1]?.done, this.#exit, ...this.#pumps]);
    await withTimeout(finished, normalizeTimeout(timeout), () => {
      const [output, stderr] = this[readSoFar]();
      return new TimeoutExpired(this.args, timeout!, output, stderr);
    }, this.#abortSignal);
    return this[readSoFar]();
  }

  /** Send a signal (name or number) unless the child is known to have exited. */
  sendSignal(signal: NodeJS.Signals | number): void {
    if (this.returncode !== null) return;
    this.#signalError = null;
    this.#child.kill(signal);
    if (this.#signalError) throw this.#signalError;
  }

  /** SIGTERM: ask the child to stop. */
  terminate(): void {
    this.sendSignal('SIGTERM');
  }

  /** SIGKILL: stop the child now. */
  kill(): void {
    this.sendSignal('SIGKILL');
  }

  /** `await using`: close the pipes (stdout, stderr, then stdin, as Python) and wait for the exit. */
  async [Symbol.asyncDispose](): Promise<void> {
    this.stdout?.destroy();
    this.stderr?.destroy();
    this.stdin?.end();
    await this.wait();
  }

  [killTree](): void {
    if (!this.#leadsGroup) return this.kill();
    try {
      process.kill(-this.pid, 'SIGKILL');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    }
  }

  [exited](): Promise<number> {
    return this.#exit;
  }

  [readSoFar](): Output<T> {
    const [out, err] = this.#collectors ?? [null, null];
    return [(out?.take(this.#encoding) ?? null) as T | null, (err?.take(this.#encoding) ?? null) as T | null];
  }

  [closePipes](): void {
    for (const stream of [this.#child.stdin, this.#child.stdout, this.#child.stderr, this.stdout]) stream?.destroy();
  }

  #feedStdin(input: Input | null | undefined): void {
    const stdin = this.stdin;
    if (stdin === null || stdin.writableEnded) return;
    if (input != null && input.length > 0) stdin.write(encodeInput(input, this.#encoding));
    stdin.end();
  }

  #startPumps(child: SpawnedChild, ...slots: StdioSlot[]): void {
    const [stdinSlot, stdoutSlot, stderrSlot] = slots;
    if (stdinSlot!.pump && child.stdin) {
      child.stdin.on('error', () => {});
      (stdinSlot!.pump as Readable).pipe(child.stdin);
    }
    for (const [slot, source] of [[stdoutSlot, child.stdout], [stderrSlot, child.stderr]] as const) {
      if (!slot!.pump || !source) continue;
      source.pipe(slot!.pump as Writable, { end: false });
      this.#pumps.push(endOf(source));
    }
  }
}
Object.defineProperty(PopenProcess, 'name', { value: 'Popen' });

/** Popen's constructor, typed so that `text: true` or an `encoding` makes communicate() give strings. */
export interface PopenConstructor {
  new <const O extends PopenOptions = {}>(args: Args, options?: O): PopenProcess<OutputFor<O>>;
  readonly prototype: PopenProcess;
}

/** Internal: run()'s Popen, which may be started by the native posix_spawn (see fast-spawn.ts). */
export function popenForRun(args: Args, options: PopenOptions): Popen {
  return new PopenProcess(args, options, true);
}

/** Python's subprocess.Popen. */
export const Popen = PopenProcess as PopenConstructor;
/** A Popen whose outputs are T (string in text mode, Buffer otherwise). */
export type Popen<T extends string | Buffer = string | Buffer> = PopenProcess<T>;
