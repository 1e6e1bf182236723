// multiproc/subprocess: Python's subprocess module, typed and promise-based.
export { DEVNULL, PIPE, STDOUT } from './constants.js';
export {
  CalledProcessError, FileNotFoundError, PermissionError, SpawnError, SubprocessError, TimeoutExpired,
} from './errors.js';
export type {
  Args, Input, OutputFor, CapturedFor, OutputTarget, PopenOptions, RunOptions, StderrTarget, StdinTarget,
} from './options.js';
export type { CallOptions, CheckOutputOptions, StatusOutputOptions } from './shortcuts.js';
export { CompletedProcess } from './completed.js';
export { Popen, type PopenConstructor } from './popen.js';
export { call, checkCall, checkOutput, getoutput, getstatusoutput, run, type RunResult } from './run.js';
export { callSync, checkCallSync, checkOutputSync, getoutputSync, getstatusoutputSync, runSync } from './sync.js';
