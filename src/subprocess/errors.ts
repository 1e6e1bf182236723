// The errors subprocess raises, with Python's names, fields and messages. The OS-level ones extend the
// project's OSError so that `catch (e) { if (e instanceof OSError) … }` catches them as in Python.
import { constants } from 'node:os';
import { OSError } from '../errors.js';
import { describeSignal, formatCommand, reprString } from './format.js';

type Command = string | readonly string[];
type Output = Buffer | string | null;

function named(cls: abstract new (...args: any[]) => Error, name: string): void {
  Object.defineProperty(cls.prototype, 'name', { value: name, writable: true, configurable: true, enumerable: false });
}

/** Base of every error subprocess raises about a child (not the OS errors of starting one). */
export class SubprocessError extends Error {}
named(SubprocessError, 'SubprocessError');

/** A checked run (`check: true`, checkCall, checkOutput) whose child exited non-zero or died by a signal. */
export class CalledProcessError extends SubprocessError {
  constructor(
    public returncode: number,
    public cmd: Command,
    public output: Output = null,
    public stderr: Output = null,
  ) {
    super(
      returncode < 0
        ? `Command '${formatCommand(cmd)}' died with ${describeSignal(-returncode)}.`
        : `Command '${formatCommand(cmd)}' returned non-zero exit status ${returncode}.`,
    );
  }

  /** Python's alias of `output`. */
  get stdout(): Output { return this.output; }
  set stdout(value: Output) { this.output = value; }
}
named(CalledProcessError, 'CalledProcessError');

/** A wait, communicate or run went past its timeout (milliseconds); `output`/`stderr` hold what was read. */
export class TimeoutExpired extends SubprocessError {
  constructor(
    public cmd: Command,
    public timeout: number,
    public output: Output = null,
    public stderr: Output = null,
  ) {
    super(`Command '${formatCommand(cmd)}' timed out after ${timeout} milliseconds`);
  }

  /** Python's alias of `output`. */
  get stdout(): Output { return this.output; }
  set stdout(value: Output) { this.output = value; }
}
named(TimeoutExpired, 'TimeoutExpired');

const strerrors: Record<string, string> = {
  ENOENT: 'No such file or directory',
  EACCES: 'Permission denied',
  ENOTDIR: 'Not a directory',
  ENOEXEC: 'Exec format error',
  E2BIG: 'Argument list too long',
  EAGAIN: 'Resource temporarily unavailable',
  EMFILE: 'Too many open files',
  ENFILE: 'Too many open files in system',
  ENOMEM: 'Cannot allocate memory',
};

/** A child could not be started; Python's OSError fields (`errno`, `strerror`, `filename`) plus Node's `code`. */
export class SpawnError extends OSError {
  readonly errno: number;
  readonly strerror: string;

  constructor(code: string, readonly filename: string) {
    const errno = (constants.errno as Record<string, number>)[code] ?? 0;
    const strerror = strerrors[code] ?? code;
    super(`[Errno ${errno}] ${strerror}: ${reprString(filename)}`, code);
    this.errno = errno;
    this.strerror = strerror;
  }
}
named(SpawnError, 'OSError');

/** Python's FileNotFoundError: the program (or the cwd) does not exist. `code` is 'ENOENT'. */
export class FileNotFoundError extends SpawnError {
  constructor(filename: string) { super('ENOENT', filename); }
}
named(FileNotFoundError, 'FileNotFoundError');

/** Python's PermissionError: the program exists but may not be executed. `code` is 'EACCES'. */
export class PermissionError extends SpawnError {
  constructor(filename: string) { super('EACCES', filename); }
}
named(PermissionError, 'PermissionError');

