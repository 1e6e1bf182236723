// What call, checkCall, checkOutput and getstatusoutput add on top of run, written once for both the
// async functions (run.ts) and their sync twins (sync.ts).
import { ValueError } from '../errors.js';
import { PIPE, STDOUT } from './constants.js';
import { CalledProcessError } from './errors.js';
import type { PopenOptions, RunOptions } from './options.js';

/** call()/checkCall() options: Popen's plus a timeout in ms (the child is killed when it expires). */
export interface CallOptions extends PopenOptions {
  timeout?: number | null;
}

/** checkOutput() options: run()'s, except what checkOutput sets itself (stdout, check). */
export type CheckOutputOptions = Omit<RunOptions, 'stdout' | 'captureOutput' | 'check'>;

/** getoutput()/getstatusoutput() options (the command always runs through the shell, in text mode). */
export type StatusOutputOptions = Pick<RunOptions, 'cwd' | 'env' | 'encoding' | 'timeout' | 'signal'>;

/** call(): run without checking. */
export function callOptions(options: CallOptions | undefined): RunOptions {
  return { ...options, check: false };
}

/** checkCall(): run, checked. */
export function checkCallOptions(options: CallOptions | undefined): RunOptions {
  return { ...options, check: true };
}

/** checkOutput(): run with stdout captured, checked; Python refuses a stdout of the caller's. */
export function checkOutputOptions(options: CheckOutputOptions | undefined): RunOptions {
  if (options && 'stdout' in options) throw new ValueError('stdout argument not allowed, it will be overridden.');
  return { ...options, stdout: PIPE, check: true };
}

/** getstatusoutput(): through the shell, text, stderr merged into stdout. */
export function statusOutputOptions(options: StatusOutputOptions | undefined): RunOptions {
  return { ...options, shell: true, text: true, stderr: STDOUT, stdout: PIPE, check: true };
}

/** getstatusoutput()'s pair from checkOutput's result or error; one trailing newline is dropped. */
export function toStatusOutput(output: string | null, error?: unknown): [number, string] {
  let status = 0;
  if (error !== undefined) {
    if (!(error instanceof CalledProcessError)) throw error;
    status = error.returncode;
    output = error.output as string | null;
  }
  const data = output ?? '';
  return [status, data.endsWith('\n') ? data.slice(0, -1) : data];
}
