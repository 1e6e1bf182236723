// The error classes of the `multiproc` entry (Python's multiprocessing), with Python's names, in one place so that
// any layer (and the serializer, which must rebuild them in another process) can find them. The other entries keep
// theirs beside their code: src/subprocess/errors.ts, src/coroutines/errors.ts (and Timeout), src/cli/map-resolve.ts.
// ConnectionError and ImportError, raised by multiproc/distributed, live here: they cross machines, where only the
// classes listed here are rebuilt by name (an exported class elsewhere would need the receiver's copy of its module).

function named<T extends new (...args: any[]) => Error>(cls: T, name: string): T {
  Object.defineProperty(cls.prototype, 'name', { value: name, writable: true, configurable: true, enumerable: false });
  return cls;
}

/** Misuse and state errors (Python's ValueError and the AssertionError cases of multiprocessing). */
export class ValueError extends Error {}
named(ValueError, 'ValueError');

/** Base of the errors multiprocessing raises about processes and connections. */
export class ProcessError extends Error {}
named(ProcessError, 'ProcessError');

/** A buffer given to recvBytesInto() was too small; `message` holds the whole message received. */
export class BufferTooShort extends ProcessError {
  constructor(readonly received: Buffer) {
    super(`message of ${received.length} bytes does not fit the buffer`);
  }
}
named(BufferTooShort, 'BufferTooShort');

/** The two ends of a connection do not share the same authkey. */
export class AuthenticationError extends ProcessError {}
named(AuthenticationError, 'AuthenticationError');

/** A result was not ready in time (AsyncResult.get with a timeout). */
export class TimeoutError extends ProcessError {}
named(TimeoutError, 'TimeoutError');

/** Queue.get on an empty queue, without blocking or past its timeout. */
export class Empty extends Error {}
named(Empty, 'Empty');

/** Queue.put on a full queue, without blocking or past its timeout. */
export class Full extends Error {}
named(Full, 'Full');

/** A Barrier was broken (abort, reset or a timeout) while a party waited on it. */
export class BrokenBarrierError extends Error {}
named(BrokenBarrierError, 'BrokenBarrierError');

/** An error raised in a manager's server that has no class of its own on this side. */
export class RemoteError extends Error {}
named(RemoteError, 'RemoteError');

/** A pool task's result could not be sent back; the worker lives on. */
export class MaybeEncodingError extends Error {
  constructor(readonly exc: string, readonly value: string) {
    super(`Error sending result: '${value}'. Reason: '${exc}'`);
  }
}
named(MaybeEncodingError, 'MaybeEncodingError');

/** A pool worker died while it held a task (killed, out of memory, process.exit). Python's pool hangs instead. */
export class WorkerLostError extends Error {
  constructor(message: string, readonly exitcode: number | null = null, readonly signal: string | null = null) {
    super(message);
  }
}
named(WorkerLostError, 'WorkerLostError');

/** recv() on a connection whose peer has closed and has nothing left to read. */
export class EOFError extends Error {}
named(EOFError, 'EOFError');

/** Operating-system level misuse of a handle: a closed end, the wrong direction, a message too long. */
export class OSError extends Error {
  constructor(message: string, readonly code?: string) {
    super(message);
  }
}
named(OSError, 'OSError');

/** A dict has no such key (a managed dict's pop without a default, a Namespace attribute never set). */
export class KeyError extends Error {}
named(KeyError, 'KeyError');

/** A list index out of range (managed lists and arrays). */
export class IndexError extends Error {}
named(IndexError, 'IndexError');

/**
 * Received bytes that are not a message this library encoded: corrupt, cut short, or sent by something else. A
 * ValueError, as Python's json.JSONDecodeError is; the connection stays usable for the next message.
 */
export class DecodeError extends ValueError {}
named(DecodeError, 'DecodeError');

/** A server could not be reached or the connection to it broke (multiproc/distributed: Redis unreachable). */
export class ConnectionError extends OSError {}
named(ConnectionError, 'ConnectionError');

/** A module named by a message could not be imported here (missing, outside the allowed root, or a different version). */
export class ImportError extends Error {}
named(ImportError, 'ImportError');

/**
 * Something needs multiproc's native addon (shared memory, futex waits or processes started by the library) and no
 * binary could be loaded: none prebuilt for this platform and Node ABI, and no local build. Threads, `Process` and
 * subprocess work without it.
 */
export class NativeAddonError extends Error {}
named(NativeAddonError, 'NativeAddonError');

/** The classes the serializer may rebuild by name when an error crosses a process boundary. */
export const errorClasses: Record<string, new (...args: any[]) => Error> = {
  ValueError, ProcessError, BufferTooShort, AuthenticationError, TimeoutError, Empty, Full, BrokenBarrierError,
  RemoteError, MaybeEncodingError, WorkerLostError, EOFError, OSError, KeyError, IndexError, DecodeError,
  ConnectionError, ImportError, NativeAddonError,
};
