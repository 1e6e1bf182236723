// Python's threading.Thread on a real worker_threads thread. A started Thread owns a Process of the 'thread' start
// method whose target is runThread (run-thread.ts): the process layer gives the thread its bootstrap, its exit rules
// (non-daemon threads keep the process alive, daemon ones do not) and join(); this layer adds Python's thread names,
// ident, nativeId, currentThread() and the excepthook.
import { threadId } from 'node:worker_threads';
import { ValueError } from '../errors.js';
import type { WaitOptions } from '../time.js';
import type { KeywordCall, NoTarget, PositionalCall, UntypedCall } from '../reference/target-call.js';
import { startMethodContext, type Process } from '../process/index.js';
import { AS_THREAD } from '../process/process.js';
import { ownIdentity } from '../process/identity.js';
import { ownNativeId } from './native-id.js';
import { runThread } from './run-thread.js';
import { buildThreadSpec } from './spec.js';
import { nextThreadName, threadingState } from './state.js';

/** What every Thread takes besides its target and arguments. */
export interface ThreadBaseOptions {
  name?: string;
  daemon?: boolean;
}

/**
 * new Thread({ target, args, kwargs, name, daemon }), as Python's Thread(target=…, args=…, …), with args and kwargs
 * checked against the target's parameters. Written without type arguments it accepts any target.
 */
export type ThreadOptions<A extends unknown[] = any[], K = unknown> = ThreadBaseOptions & (PositionalCall<A> | KeywordCall<A, K> | NoTarget);

/** handle: a thread this thread starts; self: the running thread's own object; main: the process's main thread. */
type Role = 'handle' | 'self' | 'main';

interface ThreadState {
  target: Function | undefined;
  args: unknown[];
  kwargs: object | undefined;
  name: string;
  daemon: boolean;
  role: Role;
  /** The 'thread'-method child that runs it, once started. */
  worker: Process | null;
  /** [0]: the kernel thread id, written by the thread as it starts (0 until then). */
  nativeIdCell: Int32Array | null;
}

/** State lives under a symbol so that sending a Thread subclass instance sends only the user's own fields. */
const THREAD = Symbol('multiproc.thread');

/** Python's daemon default: that of the thread creating it. */
function creatorIsDaemon(): boolean {
  return threadingState().current?.daemon ?? ownIdentity().daemon;
}

function defineState(thread: Thread, state: ThreadState): void {
  Object.defineProperty(thread, THREAD, { value: state, writable: true, enumerable: false, configurable: true });
}

function stateOf(thread: Thread): ThreadState {
  const state = thread[THREAD];
  if (state === undefined) throw new ValueError('Thread.__init__() not called (a Thread object only works in the thread that made it)');
  return state;
}

/** Python's threading.Thread on a worker thread; type parameters as Process's: the target's args (A) and kwargs (K). */
export class Thread<A extends [] | unknown[] = unknown[], K = unknown> {
  declare [THREAD]: ThreadState;

  constructor(options: ThreadBaseOptions & KeywordCall<A, K>);
  constructor(options?: ThreadBaseOptions & (PositionalCall<A> | NoTarget));
  constructor(options: ThreadBaseOptions & UntypedCall = {}) {
    if (options === null || typeof options !== 'object') throw new TypeError('Thread options must be an object: new Thread({ target, args })');
    if (options.target !== undefined && typeof options.target !== 'function') throw new TypeError('target must be a function');
    if (options.args !== undefined && !Array.isArray(options.args)) throw new TypeError('args must be an array');
    if (options.name !== undefined && typeof options.name !== 'string') throw new TypeError('name must be a string');
    defineState(this, {
      target: options.target,
      args: options.args === undefined ? [] : [...options.args],
      kwargs: options.kwargs,
      name: options.name ?? nextThreadName(),
      daemon: options.daemon ?? creatorIsDaemon(),
      role: 'handle',
      worker: null,
      nativeIdCell: null,
    });
  }

  /** The thread's work; by default target(...args, kwargs?). Exported subclasses override it. */
  run(): unknown {
    const { target, args, kwargs } = stateOf(this);
    if (target === undefined) return undefined;
    return kwargs === undefined ? target(...args) : target(...args, kwargs);
  }

  /** Starts the thread; synchronous like Python's. A second start() is a ValueError. */
  start(): void {
    const state = stateOf(this);
    if (state.role !== 'handle' || state.worker !== null) throw new ValueError('threads can only be started once');
    const nativeIdCell = new Int32Array(new SharedArrayBuffer(4));
    const spec = buildThreadSpec({
      name: state.name,
      daemon: state.daemon,
      target: state.target,
      args: state.args,
      kwargs: state.kwargs,
      instance: this.constructor === Thread ? null : this,
      nativeIdCell,
      nameCounter: threadingState().nameCounter,
    });
    const worker = new (startMethodContext('thread').Process)({ target: runThread, args: [spec], name: state.name, daemon: state.daemon, [AS_THREAD]: true });
    worker.start();
    state.worker = worker;
    state.nativeIdCell = nativeIdCell;
    const { live } = threadingState();
    live.add(this);
    void worker.sentinel.then(() => live.delete(this));
  }

  /**
   * Resolves when the thread has ended, or after `timeout` ms; never rejects on timeout (check isAlive()). With
   * `join({ timeout, signal })`, an abort rejects with the signal's reason (the thread runs on).
   */
  join(timeout?: number | null | WaitOptions): Promise<void> {
    const state = stateOf(this);
    if (state.role !== 'handle') throw new ValueError('cannot join current thread');
    if (state.worker === null) throw new ValueError('cannot join thread before it is started');
    if (!state.daemon || !state.worker.isAlive()) return state.worker.join(timeout);
    // A daemon thread's worker does not hold the event loop; while someone waits for it, something must (Python's
    // join blocks the main thread), or `await t.join()` at top level would end the process unsettled.
    const holdLoop = setInterval(() => {}, 2 ** 30);
    return state.worker.join(timeout).finally(() => clearInterval(holdLoop));
  }

  /** True from start() until the thread has ended. */
  isAlive(): boolean {
    const state = stateOf(this);
    return state.role !== 'handle' || (state.worker?.isAlive() ?? false);
  }

  get name(): string {
    return stateOf(this).name;
  }

  set name(name: string) {
    if (typeof name !== 'string') throw new TypeError('name must be a string');
    stateOf(this).name = name;
  }

  /** Daemon threads do not keep the process alive; set it before start(). */
  get daemon(): boolean {
    return stateOf(this).daemon;
  }

  set daemon(daemonic: boolean) {
    const state = stateOf(this);
    if (state.role !== 'handle' || state.worker !== null) throw new ValueError('cannot set daemon status of active thread');
    state.daemon = Boolean(daemonic);
  }

  /** The worker_threads threadId (0 for the main thread); undefined before start(). */
  get ident(): number | undefined {
    const state = stateOf(this);
    if (state.role === 'main') return 0;
    if (state.role === 'self') return threadId;
    return state.worker?.ident;
  }

  /** The kernel's thread id (Linux TID); undefined until the thread has begun running, and where it is unknown. */
  get nativeId(): number | undefined {
    const state = stateOf(this);
    if (state.role === 'main') return process.pid;
    if (state.role === 'self') return ownNativeId();
    const id = state.nativeIdCell === null ? 0 : Atomics.load(state.nativeIdCell, 0);
    return id === 0 ? undefined : id;
  }

  get [Symbol.toStringTag](): string {
    return 'Thread';
  }

  toString(): string {
    const state = stateOf(this);
    const started = state.role !== 'handle' || state.worker !== null;
    const status = !started ? 'initial' : this.isAlive() ? 'started' : 'stopped';
    const ident = this.ident === undefined ? '' : ` ${this.ident}`;
    return `<${this.constructor.name}(${state.name}, ${status}${state.daemon ? ' daemon' : ''}${ident})>`;
  }
}

/** Turns `object` (a decoded subclass instance, or a bare Thread) into the running thread's own Thread object. */
export function adoptRunningThread(object: Thread, fields: Pick<ThreadState, 'target' | 'args' | 'kwargs' | 'name' | 'daemon'>): Thread {
  defineState(object, { ...fields, role: 'self', worker: null, nativeIdCell: null });
  return object;
}

/** A Thread object standing for a thread this library did not start: the main thread, or a 'thread'-method child. */
export function standInThread(role: 'self' | 'main', name: string, daemon: boolean): Thread {
  const object = Object.create(Thread.prototype) as Thread;
  defineState(object, { target: undefined, args: [], kwargs: undefined, name, daemon, role, worker: null, nativeIdCell: null });
  return object;
}
