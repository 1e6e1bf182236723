// The special values Python's subprocess gives to stdin/stdout/stderr, with Python's numbers so that code
// comparing them (or logging them) reads the same as in Python.

/** Connect the stream to a new pipe, readable (or writable) from this process as `popen.stdout` etc. */
export const PIPE: -1 = -1;

/** Only for `stderr`: send the child's standard error to the same place as its standard output. */
export const STDOUT: -2 = -2;

/** Connect the stream to /dev/null. */
export const DEVNULL: -3 = -3;

/** The shell used when `shell: true`, as in Python on POSIX. */
export const DEFAULT_SHELL = '/bin/sh';
