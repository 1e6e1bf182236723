// The blocking twins of run, call, checkCall, checkOutput, getoutput and getstatusoutput, on spawnSync.
import { throwIfAborted, validateSignal } from '../time.js';
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { OSError } from '../errors.js';
import { CompletedProcess } from './completed.js';
import { STDOUT } from './constants.js';
import { TimeoutExpired } from './errors.js';
import { toReturncode } from './format.js';
import {
  buildCommand, cwdPath, mergesIntoCapture, normalizeTimeout, runStdio, textEncoding, toStdioSlot, validateRunOptions,
  type Args, type OutputFor, type RunOptions, type StdioSlot,
} from './options.js';
import { CaptureFile, decodeOutput, encodeInput } from './output.js';
import type { RunResult } from './run.js';
import {
  callOptions, checkCallOptions, checkOutputOptions, statusOutputOptions, toStatusOutput,
  type CallOptions, type CheckOutputOptions, type StatusOutputOptions,
} from './shortcuts.js';
import { explainSpawnError } from './spawn-failure.js';

let setsidPath: string | null | undefined;

/** util-linux's setsid, which spawnSync needs to start a child leading its own process group (or null). */
function findSetsid(): string | null {
  if (setsidPath === undefined) {
    setsidPath = ['/usr/bin/setsid', '/bin/setsid'].find((path) => {
      try { accessSync(path, constants.X_OK); return true; } catch { return false; }
    }) ?? null;
  }
  return setsidPath;
}

/** spawnSync takes descriptors only: a stream must have one. */
function syncStdio(slot: StdioSlot, name: string): 'pipe' | 'ignore' | 'inherit' | number {
  if (slot.pump !== null) throw new TypeError(`${name}: the sync functions need a stream with a file descriptor`);
  if (typeof slot.node !== 'object') return slot.node;
  const fd = (slot.node as { _handle?: { fd?: unknown } })._handle?.fd;
  if (typeof fd !== 'number' || fd < 0) throw new TypeError(`${name}: the sync functions need a stream with a file descriptor`);
  return fd;
}

/** Python's subprocess.run, blocking the thread. Timeouts (ms) kill the child, and its group under a shell. */
export function runSync<const O extends RunOptions = {}>(args: Args, options?: O): RunResult<O> {
  const settings: RunOptions = options ?? {};
  // Nothing can abort a call that blocks this thread; an already aborted signal still refuses to start it.
  throwIfAborted(validateSignal(settings.signal));
  validateRunOptions(settings);
  const stdio = runStdio(settings);
  const timeout = normalizeTimeout(settings.timeout);
  const encoding = textEncoding(settings);
  const command = buildCommand(args, settings);
  const cwd = cwdPath(settings.cwd);
  const capture = mergesIntoCapture(stdio) ? new CaptureFile() : null;
  try {
    const stdinSlot = syncStdio(toStdioSlot(stdio.stdin, 'stdin'), 'stdin');
    const stdoutSlot = capture ? capture.fd : syncStdio(toStdioSlot(stdio.stdout, 'stdout'), 'stdout');
    const stderrSlot = stdio.stderr !== STDOUT ? syncStdio(toStdioSlot(stdio.stderr, 'stderr'), 'stderr')
      : stdoutSlot === 'inherit' ? 1 : stdoutSlot;

    let { file, args: argv, argv0 } = command;
    const wantsGroup = settings.startNewSession === true || (settings.shell === true && timeout !== null);
    const setsid = wantsGroup ? findSetsid() : null;
    if (settings.startNewSession && setsid === null) throw new OSError('startNewSession needs setsid in the sync functions', 'ENOSYS');
    if (setsid !== null) [file, argv, argv0] = [setsid, ['-w', file, ...argv], undefined];

    const result = spawnSync(file, argv, {
      cwd,
      env: settings.env,
      argv0,
      input: settings.input != null ? encodeInput(settings.input, encoding) : undefined,
      stdio: [stdinSlot, stdoutSlot, stderrSlot],
      timeout: timeout === null ? undefined : Math.max(1, timeout),
      killSignal: 'SIGKILL',
      maxBuffer: Infinity,
      windowsHide: true,
    });
    const stdout = capture ? decodeOutput(capture.read(), encoding) : result.stdout && decodeOutput(result.stdout, encoding);
    const stderr = result.stderr && decodeOutput(result.stderr, encoding);
    const code = (result.error as NodeJS.ErrnoException | undefined)?.code;
    if (code === 'ETIMEDOUT') {
      if (setsid !== null) killGroup(result.pid);
      throw new TimeoutExpired(args, settings.timeout!, stdout, stderr);
    }
    if (result.error) throw code && !result.pid ? explainSpawnError(code, command.file, cwd) : result.error;
    const completed = new CompletedProcess(args, toReturncode(result.status, result.signal), stdout, stderr);
    if (settings.check) completed.checkReturncode();
    return completed as RunResult<O>;
  } finally {
    capture?.close();
  }
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/** call(), blocking. */
export function callSync(args: Args, options?: CallOptions): number {
  return runSync(args, callOptions(options)).returncode;
}

/** checkCall(), blocking. */
export function checkCallSync(args: Args, options?: CallOptions): 0 {
  runSync(args, checkCallOptions(options));
  return 0;
}

/** checkOutput(), blocking. */
export function checkOutputSync<const O extends CheckOutputOptions = {}>(args: Args, options?: O): OutputFor<O> {
  return runSync(args, checkOutputOptions(options)).stdout as OutputFor<O>;
}

/** getstatusoutput(), blocking. */
export function getstatusoutputSync(cmd: string, options?: StatusOutputOptions): [number, string] {
  try {
    return toStatusOutput(runSync(cmd, statusOutputOptions(options)).stdout as string);
  } catch (error) {
    return toStatusOutput(null, error);
  }
}

/** getoutput(), blocking. */
export function getoutputSync(cmd: string, options?: StatusOutputOptions): string {
  return getstatusoutputSync(cmd, options)[1];
}
