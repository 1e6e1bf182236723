// Turning what a child wrote into run()'s results: decoding for text mode, and the two ways to give stderr
// the very same pipe or file as stdout (STDOUT), keeping the order in which the child wrote.
import { spawnSync } from 'node:child_process';
import { closeSync, constants, fstatSync, openSync, readSync, unlinkSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { OSError } from '../errors.js';

/** Python's text mode: decode, and read '\r\n' and '\r' as '\n'. */
export function decodeText(data: Buffer | string, encoding: BufferEncoding): string {
  const text = typeof data === 'string' ? data : data.toString(encoding);
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

/** Bytes as they are, or text in text mode. */
export function decodeOutput(data: Buffer | string, encoding: BufferEncoding | null): Buffer | string {
  return encoding === null ? (typeof data === 'string' ? Buffer.from(data) : data) : decodeText(data, encoding);
}

/** Input for a child's stdin as bytes (strings in the text mode's encoding). */
export function encodeInput(input: string | Uint8Array, encoding: BufferEncoding | null): Uint8Array {
  return typeof input === 'string' ? Buffer.from(input, encoding ?? 'utf8') : input;
}

function temporaryPath(kind: string): string {
  return join(tmpdir(), `multiproc-${kind}-${process.pid}-${randomBytes(6).toString('hex')}`);
}

/**
 * An unlinked temporary file open for reading and writing: given as both stdout and stderr, the child's two
 * streams share one file offset, so the result keeps their order (run and runSync with stderr: STDOUT).
 */
export class CaptureFile {
  readonly fd: number;

  constructor() {
    const path = temporaryPath('capture');
    this.fd = openSync(path, 'wx+', 0o600);
    unlinkSync(path);
  }

  /** Everything written so far. */
  read(): Buffer {
    const data = Buffer.allocUnsafe(fstatSync(this.fd).size);
    let filled = 0;
    while (filled < data.length) {
      const count = readSync(this.fd, data, filled, data.length - filled, filled);
      if (count === 0) break;
      filled += count;
    }
    return data.subarray(0, filled);
  }

  close(): void {
    closeSync(this.fd);
  }
}

/**
 * A named pipe opened at both ends then unlinked: the write end is given to the child as stdout and stderr,
 * the read end becomes `popen.stdout` (Popen with stdout: PIPE and stderr: STDOUT). Node cannot create an
 * anonymous pipe, so this costs one `mkfifo` run, on this path only.
 */
export class SharedPipe {
  readonly writeFd: number;
  readonly reader: Socket;

  constructor() {
    const path = temporaryPath('pipe');
    const made = spawnSync('mkfifo', ['-m', '600', path], { stdio: 'ignore' });
    if (made.status !== 0) throw new OSError(`mkfifo failed: cannot share stdout with stderr`, 'ENOSYS');
    try {
      const readFd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
      this.writeFd = openSync(path, constants.O_WRONLY);
      this.reader = new Socket({ fd: readFd, readable: true, writable: false });
    } finally {
      unlinkSync(path);
    }
  }

  /** Close this process's copy of the write end, once the child holds its own (or failed to start). */
  closeWriteEnd(): void {
    closeSync(this.writeFd);
  }
}
