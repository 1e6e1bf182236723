// Python's high-level API over Popen: run, call, checkCall, checkOutput, getoutput, getstatusoutput.
import { CompletedProcess } from './completed.js';
import { TimeoutExpired } from './errors.js';
import {
  mergesIntoCapture, normalizeTimeout, runStdio, textEncoding, validateRunOptions,
  type Args, type CapturedFor, type OutputFor, type RunOptions,
} from './options.js';
import { CaptureFile, decodeOutput } from './output.js';
import { closePipes, exited, killTree, popenForRun, readSoFar } from './popen.js';
import {
  callOptions, checkCallOptions, checkOutputOptions, statusOutputOptions, toStatusOutput,
  type CallOptions, type CheckOutputOptions, type StatusOutputOptions,
} from './shortcuts.js';

/** The CompletedProcess type run() gives for options O. */
export type RunResult<O> = CompletedProcess<CapturedFor<O, 'stdout'>, CapturedFor<O, 'stderr'>>;

/**
 * Run a command and wait for it: Python's subprocess.run. On timeout (ms) the child is killed (with its whole
 * process group when run through the shell) before TimeoutExpired is thrown.
 */
export async function run<const O extends RunOptions = {}>(args: Args, options?: O): Promise<RunResult<O>> {
  const settings: RunOptions = options ?? {};
  validateRunOptions(settings);
  const stdio = runStdio(settings);
  const timeout = normalizeTimeout(settings.timeout);
  const encoding = textEncoding(settings);
  const capture = mergesIntoCapture(stdio) ? new CaptureFile() : null;
  try {
    const popen = popenForRun(args, {
      ...settings,
      ...stdio,
      ...(capture && { stdout: capture.fd, stderr: capture.fd }),
      startNewSession: settings.startNewSession || (settings.shell === true && timeout !== null),
    });
    let stdout: Buffer | string | null;
    let stderr: Buffer | string | null;
    try {
      [stdout, stderr] = await popen.communicate(settings.input, timeout);
    } catch (error) {
      popen[killTree]();
      await popen[exited]();
      if (error instanceof TimeoutExpired) {
        [error.output, error.stderr] = popen[readSoFar]();
        if (capture) error.output = decodeOutput(capture.read(), encoding);
      }
      popen[closePipes]();
      throw error;
    }
    if (capture) stdout = decodeOutput(capture.read(), encoding);
    const completed = new CompletedProcess(args, popen.returncode!, stdout, stderr);
    if (settings.check) completed.checkReturncode();
    return completed as RunResult<O>;
  } finally {
    capture?.close();
  }
}

/** Run and return the exit status (-N for signal N): Python's subprocess.call. */
export async function call(args: Args, options?: CallOptions): Promise<number> {
  return (await run(args, callOptions(options))).returncode;
}

/** Run and return 0, or throw CalledProcessError: Python's subprocess.check_call. */
export async function checkCall(args: Args, options?: CallOptions): Promise<0> {
  await run(args, checkCallOptions(options));
  return 0;
}

/** Run and return stdout (Buffer, or string in text mode), or throw CalledProcessError carrying it. */
export async function checkOutput<const O extends CheckOutputOptions = {}>(args: Args, options?: O): Promise<OutputFor<O>> {
  return (await run(args, checkOutputOptions(options))).stdout as OutputFor<O>;
}

/** Run a shell command; return [exit status, stdout and stderr together without the last newline]. */
export async function getstatusoutput(cmd: string, options?: StatusOutputOptions): Promise<[number, string]> {
  try {
    return toStatusOutput((await run(cmd, statusOutputOptions(options))).stdout as string);
  } catch (error) {
    if (options?.signal?.aborted === true && error === options.signal.reason) throw error; // a cancellation, not a status
    return toStatusOutput(null, error);
  }
}

/** Run a shell command; return its stdout and stderr together without the last newline. */
export async function getoutput(cmd: string, options?: StatusOutputOptions): Promise<string> {
  return (await getstatusoutput(cmd, options))[1];
}
