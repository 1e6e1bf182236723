// Python's multiprocessing.Process: a target run in a child (process or thread), with its life cycle and exit code.
import type { KeywordCall, NoTarget, PositionalCall, UntypedCall } from '../reference/target-call.js';
import { threadId } from 'node:worker_threads';
import { ProcessError, ValueError } from '../errors.js';
import { abortReason, normalizeTimeout, raceTimeout, waitArguments, type WaitOptions } from '../time.js';
import { referenceOf } from '../reference/locate.js';
import { encode } from '../serialize/index.js';
import { checkOptions, checkTimeout } from '../validate.js';
import { isMainProcess, nextChildIdentity, ownAuthkey, ownIdentity, setOwnAuthkey } from './identity.js';
import type { ChildHandle } from './handle.js';
import { checkStartMethod, getStartMethod, launchers, type StartMethod } from './start-method.js';
import { forgetChild, rememberChild, rememberThread } from './children.js';
import type { ChildPayload } from './wire.js';

/**
 * Python's bootstrapping error: a child imports the module of its target (and a forkserver child its preloaded
 * modules), so a module that starts processes when imported would start them again in every child, without end.
 */
function bootstrappingError(phase: 'preload' | 'target'): ProcessError {
  const importing =
    phase === 'preload' ? "the modules of setForkserverPreload(), before its own target" : "the module of its target (children import it to find the target)";
  return new ProcessError(
    'An attempt has been made to start a new process before the current process has finished its bootstrapping ' +
      `phase: this child is still importing ${importing}, and that module starts a process or pool as it loads. ` +
      'Run the code that starts processes only in the main process: put it under `if (isMainProcess()) { … }`.',
  );
}

/** What every Process takes besides its target and arguments. */
export interface ProcessBaseOptions {
  name?: string;
  daemon?: boolean;
  /** Internal (threading.Thread): a thread, not a child process — no Process-N number, not in activeChildren(). */
  [AS_THREAD]?: boolean;
  /** Internal: whether the running child holds this process's event loop (default: non-daemon children do). */
  [KEEPS_PARENT_ALIVE]?: KeepsParentAlive;
}

/**
 * The one keep-alive contract of a child: 'while-running' holds this process's event loop until the child ends (a
 * non-daemon child, as Python's parent joins its children at exit); 'never' holds it only while somebody holds the
 * child on purpose (`[KEEP_ALIVE](true)`: a join() in progress, a Pool that owes results).
 */
export type KeepsParentAlive = 'never' | 'while-running';

/**
 * new Process()'s options: `target(...args)`, or `target(...args, kwargs)` with kwargs, checked against the target's
 * parameters. Written without type arguments it accepts any target (as a `Function` would).
 */
export type ProcessOptions<A extends unknown[] = any[], K = unknown> = ProcessBaseOptions & (PositionalCall<A> | KeywordCall<A, K> | NoTarget);

/** Internal state lives under a symbol so that sending a Process subclass instance sends only the user's fields. */
export const STATE = Symbol('multiproc.process');
/** Option key for threading.Thread, which runs on the 'thread' start method but is a thread in Python's model. */
export const AS_THREAD = Symbol.for('multiproc.asThread');
/** Internal: `process[KEEP_ALIVE](true)` makes a child hold the parent's event loop until the matching false. */
export const KEEP_ALIVE = Symbol.for('multiproc.keepAlive');
/** Option key of the child's keep-alive contract (see KeepsParentAlive). */
export const KEEPS_PARENT_ALIVE = Symbol.for('multiproc.keepsParentAlive');
/** Marks the Process classes of a context (getContext('thread').Process) with their start method. */
export const START_METHOD = Symbol.for('multiproc.startMethod');

interface ProcessState {
  target: Function | undefined;
  args: unknown[];
  kwargs: object | undefined;
  name: string;
  identity: number[];
  daemon: boolean;
  creator: string;
  handle: ChildHandle | null;
  /** Undefined until start() decides it from `daemon`, unless the creator chose. */
  keepsParentAlive: KeepsParentAlive | undefined;
  exitcode: number | null;
  closed: boolean;
  /** This object stands for the running process itself (currentProcess() or a child's own instance). */
  self: boolean;
  /** A threading.Thread's worker: named by the threading layer, not a child in Python's sense. */
  thread: boolean;
  /** How many waiters currently need this child to hold the parent's event loop. */
  holds: number;
  sentinel: Promise<void>;
  ended: () => void;
  /** Python's authkey: a copy of the creating process's, taken at construction, handed to the child at start(). */
  authkey: Buffer;
}

const creatorId = () => `${process.pid}:${threadId}`;

export function newState(options: ProcessBaseOptions & UntypedCall, self = false): ProcessState {
  const thread = options[AS_THREAD] === true;
  const { name, identity } = self || thread ? { name: options.name ?? ownIdentity().name, identity: ownIdentity().identity } : nextChildIdentity();
  let ended!: () => void;
  const sentinel = new Promise<void>((resolve) => (ended = resolve));
  return {
    target: options.target,
    args: options.args === undefined ? [] : [...options.args],
    kwargs: options.kwargs,
    name: options.name ?? name,
    identity,
    daemon: options.daemon ?? ownIdentity().daemon,
    creator: creatorId(),
    handle: null,
    keepsParentAlive: options[KEEPS_PARENT_ALIVE],
    exitcode: null,
    closed: false,
    self,
    thread,
    holds: 0,
    sentinel,
    ended,
    authkey: ownAuthkey(),
  };
}

/**
 * Python's multiprocessing.Process. Its type parameters are the target's arguments (A) and kwargs (K), inferred from
 * the options so that a wrong `args` tuple does not compile; code that only holds a Process never writes them.
 */
export class Process<A extends [] | unknown[] = unknown[], K = unknown> {
  declare [STATE]: ProcessState;

  constructor(options: ProcessBaseOptions & KeywordCall<A, K>);
  constructor(options?: ProcessBaseOptions & (PositionalCall<A> | NoTarget));
  constructor(options: ProcessBaseOptions & UntypedCall = {}) {
    if (options === null || typeof options !== 'object') throw new TypeError('Process options must be an object: new Process({ target, args })');
    if (options.target !== undefined && typeof options.target !== 'function') throw new TypeError('target must be a function');
    if (options.args !== undefined && !Array.isArray(options.args)) throw new TypeError('args must be an array');
    if (options.name !== undefined && options.name !== null && typeof options.name !== 'string') throw new TypeError('name must be a string');
    checkOptions(options.kwargs, 'kwargs', '{ verbose: true } (it is passed to the target as its last argument)');
    Object.defineProperty(this, STATE, { value: newState(options), writable: true, enumerable: false, configurable: true });
  }

  /** The work of the child; by default target(...args, kwargs?). Subclasses override it. */
  run(): unknown {
    const { target, args, kwargs } = stateOf(this);
    if (target === undefined) return undefined;
    return kwargs === undefined ? target(...args) : target(...args, kwargs);
  }

  /** Counted: each true must be matched by a false. A 'while-running' child holds the loop regardless. */
  [KEEP_ALIVE](keep: boolean): void {
    const state = stateOf(this);
    state.holds += keep ? 1 : -1;
    applyKeepAlive(state);
  }

  /** Starts the child; synchronous like Python's. */
  start(): void {
    const state = stateOf(this);
    if (state.handle !== null || state.self) throw new ValueError('cannot start a process twice');
    if (state.creator !== creatorId()) throw new ValueError('can only start a process object created by current process');
    const { bootstrapping } = ownIdentity();
    if (bootstrapping !== undefined) throw bootstrappingError(bootstrapping);
    if (ownIdentity().daemon && !state.thread) throw new ValueError('daemonic processes are not allowed to have children');
    const method = startMethodOf(this);
    const payload = buildPayload(this, method);
    state.handle = launchers[method](payload);
    state.keepsParentAlive ??= state.daemon ? 'never' : 'while-running';
    applyKeepAlive(state);
    if (state.thread) rememberThread(this);
    else rememberChild(this);
    state.handle.exited.then((code) => {
      state.exitcode = code;
      forgetChild(this);
      state.ended();
    });
  }

  /**
   * Resolves when the child has ended, or after `timeout` ms; never rejects on timeout (check exitcode). With
   * `join({ timeout, signal })`, an abort rejects with the signal's reason (the child runs on).
   */
  join(timeoutOrOptions?: number | null | WaitOptions): Promise<void> {
    // Misuse throws at the call, as Python raises; only the waiting is asynchronous.
    const { timeout, signal } = waitArguments(timeoutOrOptions);
    const timeoutMs = normalizeTimeout(timeout);
    const state = stateOf(this);
    if (state.self) throw new ValueError('can only join a child process');
    if (state.handle === null) throw new ValueError('can only join a started process');
    if (signal?.aborted === true) return Promise.reject(abortReason(signal));
    if (state.exitcode !== null) return state.sentinel;
    // A daemon child does not keep the parent alive, but someone waiting for it must (or a top-level await dies).
    this[KEEP_ALIVE](true);
    return raceTimeout(state.sentinel, timeoutMs, { signal })
      .then(() => undefined)
      .finally(() => this[KEEP_ALIVE](false));
  }

  isAlive(): boolean {
    const state = stateOf(this);
    if (state.self) return true;
    return state.handle !== null && state.exitcode === null;
  }

  /** Ends the child with SIGTERM. */
  terminate(): void {
    startedHandle(this, 'terminate').terminate();
  }

  /** Ends the child with SIGKILL. */
  kill(): void {
    startedHandle(this, 'kill').kill();
  }

  /** Releases the object; it may not be used afterwards. */
  close(): void {
    const state = this[STATE];
    if (state.closed) return;
    if (state.handle !== null && state.exitcode === null) {
      throw new ValueError('Cannot close a process while it is still running. You should first call join() or terminate().');
    }
    state.closed = true;
  }

  get pid(): number | undefined {
    const state = stateOf(this);
    return state.self ? process.pid : state.handle?.pid;
  }

  get ident(): number | undefined {
    const state = stateOf(this);
    if (!state.self) return state.handle?.ident;
    return ownIdentity().startMethod === 'thread' ? threadId : process.pid;
  }

  get name(): string {
    return stateOf(this).name;
  }

  set name(name: string) {
    if (typeof name !== 'string') throw new TypeError('name must be a string');
    stateOf(this).name = name;
  }

  get daemon(): boolean {
    return stateOf(this).daemon;
  }

  set daemon(daemonic: boolean) {
    const state = stateOf(this);
    if (state.handle !== null || state.self) throw new ValueError('process has already started');
    state.daemon = Boolean(daemonic);
  }

  /** Python's Process.authkey: the key a child inherits (the main process's is 32 random bytes). */
  get authkey(): Buffer {
    return Buffer.from(stateOf(this).authkey);
  }

  set authkey(key: Uint8Array) {
    if (!(key instanceof Uint8Array)) throw new TypeError('authkey must be a Buffer or Uint8Array of bytes');
    const state = stateOf(this);
    state.authkey = Buffer.from(key);
    if (state.self) setOwnAuthkey(key);
  }

  get exitcode(): number | null {
    return stateOf(this).exitcode;
  }

  /** Resolves when the process ends (for wait()); a process not started has none, as in Python. */
  get sentinel(): Promise<void> {
    const state = stateOf(this);
    if (state.handle === null) throw new ValueError('process not started: a sentinel exists from start() on');
    return state.sentinel;
  }

  get [Symbol.toStringTag](): string {
    return 'Process';
  }

  toString(): string {
    const state = this[STATE];
    const status = state.closed ? 'closed' : state.self ? 'started' : state.handle === null ? 'initial' : state.exitcode === null ? 'started' : `stopped exitcode=${state.exitcode}`;
    return `<${this.constructor.name} name='${state.name}' ${status}${state.daemon ? ' daemon' : ''}>`;
  }
}

function applyKeepAlive(state: ProcessState): void {
  const running = state.exitcode === null;
  state.handle?.setKeepsParentAlive(state.holds > 0 || (state.keepsParentAlive === 'while-running' && running));
}

/** The state of a usable (not closed) Process. */
function stateOf(process: Process): ProcessState {
  const state = process[STATE];
  if (state.closed) throw new ValueError('process object is closed');
  return state;
}

function startedHandle(process: Process, what: string): ChildHandle {
  const handle = stateOf(process).handle;
  if (handle === null) throw new ValueError(`can only ${what} a started process`);
  return handle;
}

function buildPayload(self: Process, method: StartMethod): ChildPayload {
  const state = stateOf(self);
  const subclass = isUserSubclass(self);
  if (subclass) referenceOf(self.constructor, 'Process subclass');
  const attachments: SharedArrayBuffer[] | undefined = method === 'thread' ? [] : undefined;
  const parts: ChildPayload['parts'] = [
    encode(state.args, { root: 'args', attachments, forChild: true }),
    encode(state.kwargs, { root: 'kwargs', attachments, forChild: true }),
    subclass ? encode(self, { root: 'process', attachments, forChild: true }) : null,
  ];
  const own = ownIdentity();
  return {
    header: {
      name: state.name,
      identity: state.identity,
      daemon: state.daemon,
      parentPid: process.pid,
      parentName: own.name,
      startMethod: method,
      // A thread is part of this process: it keeps this process's default, as Python's threads and dummy processes do.
      defaultStartMethod: method === 'thread' ? getStartMethod() : method,
      threadId: null,
      authkey: state.authkey.toString('hex'),
      target: state.target === undefined ? null : referenceOf(state.target),
      hasInstance: subclass,
      mainThread: threadId === 0,
    },
    parts,
    attachments,
  };
}

function isUserSubclass(process: Process): boolean {
  for (let ctor = process.constructor; ctor !== Process; ctor = Object.getPrototypeOf(ctor)) {
    if (Object.hasOwn(ctor, START_METHOD)) continue;
    return true;
  }
  return false;
}

function startMethodOf(process: Process): StartMethod {
  const bound = (process.constructor as { [START_METHOD]?: string })[START_METHOD];
  return bound === undefined ? getStartMethod() : checkStartMethod(bound);
}

export { isMainProcess };
