// Python's multiprocessing.connection.wait(): which of these are ready? Connections are ready when poll() would be
// true; a Promise (a process sentinel) or an object with a `sentinel` promise (a Process) is ready once settled.
import { Socket } from 'node:net';
import { deadlineOf, isPast, NEVER, raceTimeout, remaining, throwIfAborted, waitArguments, type WaitOptions } from '../time.js';
import { Connection, WAIT_READABLE } from './connection.js';

/** Anything wait() can watch. */
export type Waitable = Connection | Socket | PromiseLike<unknown> | { readonly sentinel: PromiseLike<unknown> };

const settled = new WeakSet<object>();
const watched = new WeakSet<object>();

function sentinelOf(object: Waitable): PromiseLike<unknown> | null {
  if (object instanceof Connection || object instanceof Socket) return null;
  if (typeof (object as PromiseLike<unknown>).then === 'function') return object as PromiseLike<unknown>;
  const sentinel = (object as { sentinel?: PromiseLike<unknown> }).sentinel;
  if (sentinel !== undefined && typeof sentinel?.then === 'function') return sentinel;
  throw new TypeError('wait() accepts Connections, net.Sockets, Promises (sentinels) and objects with a `sentinel` promise (Processes)');
}

function watch(promise: PromiseLike<unknown>): Promise<void> {
  const mark = () => {
    settled.add(promise);
  };
  if (!watched.has(promise)) {
    watched.add(promise);
    promise.then(mark, mark);
  }
  return Promise.resolve(promise).then(mark, mark);
}

/** Sockets whose peer has ended them: Node emits 'readable' with nothing buffered only at end of stream. */
const atEnd = new WeakSet<Socket>();

/** A socket is ready, as in Python, when a read would not wait: data is buffered, or it has ended or failed. */
function isSocketReady(socket: Socket): boolean {
  return socket.readableLength > 0 || atEnd.has(socket) || socket.readableEnded || socket.destroyed || socket.errored !== null;
}

/**
 * Resolves when the socket may have become ready. A 'readable' listener makes Node read into the socket's buffer
 * without consuming anything; removing it afterwards leaves the stream as it was (still paused, or flowing again).
 */
function whenSocketReadable(socket: Socket, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const onReadable = () => {
      if (socket.readableLength === 0) atEnd.add(socket);
      done();
    };
    const onEnd = () => {
      atEnd.add(socket);
      done();
    };
    const done = () => {
      socket.off('readable', onReadable).off('end', onEnd).off('close', done).off('error', done);
      signal.removeEventListener('abort', done);
      resolve();
    };
    socket.on('readable', onReadable).on('end', onEnd).on('close', done).on('error', done);
    signal.addEventListener('abort', done);
  });
}

function isReady(object: Waitable): boolean {
  if (object instanceof Socket) return isSocketReady(object);
  if (object instanceof Connection) return object.closed || object.pollSync(0);
  return settled.has(sentinelOf(object)!);
}

/**
 * Resolves with the ready ones among `objects`, waiting up to `timeout` ms (undefined/null: until one is ready).
 * `wait(objects, timeout)` or `wait(objects, { timeout, signal })`: an abort rejects with the signal's reason.
 */
export async function wait<T extends Waitable>(objects: Iterable<T>, timeoutOrOptions?: number | null | WaitOptions): Promise<T[]> {
  const { timeout, signal } = waitArguments(timeoutOrOptions);
  const list = [...objects];
  const deadline = deadlineOf(timeout);
  throwIfAborted(signal);
  for (const object of list) {
    const sentinel = sentinelOf(object);
    if (sentinel !== null) void watch(sentinel);
  }
  for (;;) {
    // Settled promises mark themselves within a turn of the event loop.
    await new Promise((resolve) => setImmediate(resolve));
    throwIfAborted(signal);
    const ready = list.filter(isReady);
    if (ready.length > 0 || isPast(deadline) || (list.length === 0 && deadline === NEVER)) return ready;
    const abort = new AbortController();
    const watchers = list.map((object) => {
      const sentinel = sentinelOf(object);
      if (object instanceof Socket) return whenSocketReadable(object, abort.signal);
      return sentinel === null ? (object as Connection)[WAIT_READABLE](abort.signal) : watch(sentinel);
    });
    try {
      await raceTimeout(Promise.race(watchers), Math.ceil(remaining(deadline)), { signal });
    } finally {
      abort.abort();
    }
  }
}
