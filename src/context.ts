// Python's multiprocessing context hub: getContext(method) gives the whole API with processes, pools and managers
// bound to that start method (ctx.Process, new ctx.Pool(4), ctx.Queue(), …). Objects that live in shared memory
// (queues, locks, values) are the same under every start method, so the context simply offers them.
import * as errors from './errors.js';
import { ValueError } from './errors.js';
import { Pipe, Listener, Client, wait } from './connection/index.js';
import { Manager, type ManagerOptions, type SyncManager } from './managers/index.js';
import { Pool, ThreadPool, type PoolOptions } from './pool/index.js';
import { activeChildren, cpuCount, currentProcess, parentProcess, getAllStartMethods, isMainProcess, setForkserverPreload } from './process/index.js';
import { StartMethodContext as ProcessContext, startMethodContext as getProcessContext } from './process/start-method-context.js';
import { JoinableQueue, Queue, SimpleQueue } from './queues/index.js';
import { RawArray, RawValue, SharedArray, Value } from './sharedctypes/index.js';
import { Barrier, BoundedSemaphore, Condition, Event, Lock, RLock, Semaphore } from './sync/index.js';
import type { StartMethod } from './process/index.js';

function withContext(options: number | PoolOptions | null | undefined, context: ProcessContext): PoolOptions {
  const given: PoolOptions = typeof options === 'number' ? { processes: options } : (options ?? {});
  return { ...given, context: given.context ?? context };
}

/** The multiprocessing API with one start method. */
export class Context {
  readonly Process: ProcessContext['Process'];
  /** A Pool whose workers use this context's start method. */
  readonly Pool: typeof Pool;
  readonly ThreadPool = ThreadPool;
  readonly Queue = Queue;
  readonly JoinableQueue = JoinableQueue;
  readonly SimpleQueue = SimpleQueue;
  readonly Pipe = Pipe;
  readonly Listener = Listener;
  readonly Client = Client;
  readonly wait = wait;
  readonly Lock = Lock;
  readonly RLock = RLock;
  readonly Semaphore = Semaphore;
  readonly BoundedSemaphore = BoundedSemaphore;
  readonly Condition = Condition;
  readonly Event = Event;
  readonly Barrier = Barrier;
  readonly Value = Value;
  readonly RawValue = RawValue;
  readonly SharedArray = SharedArray;
  readonly RawArray = RawArray;
  /** A started SyncManager whose server process uses this context's start method (Python's ctx.Manager()). */
  readonly Manager: (options?: ManagerOptions) => Promise<SyncManager>;
  readonly cpuCount = cpuCount;
  readonly activeChildren = activeChildren;
  readonly currentProcess = currentProcess;
  readonly parentProcess = parentProcess;
  readonly isMainProcess = isMainProcess;
  readonly getAllStartMethods = getAllStartMethods;
  readonly setForkserverPreload = setForkserverPreload;
  /** Python's context module also carries the error classes. */
  readonly errors = errors;

  constructor(private readonly processContext: ProcessContext) {
    this.Process = processContext.Process;
    this.Pool = class extends Pool {
      constructor(options?: number | PoolOptions | null) {
        super(withContext(options, processContext));
      }
    };
    Object.defineProperty(this.Pool, 'name', { value: 'Pool' });
    this.Manager = (options) => Manager({ ...options, context: options?.context ?? processContext });
  }

  get startMethod(): StartMethod {
    return this.processContext.startMethod;
  }

  getStartMethod(): StartMethod {
    return this.processContext.startMethod;
  }

  /** This context, or the context of another start method (Python's ctx.get_context()). */
  getContext(method?: string | null): Context {
    return method === undefined || method === null ? this : getContext(method);
  }

  /** A context is bound to its start method for good: change the default with the module's setStartMethod(). */
  setStartMethod(_method?: string | null, _options?: { force?: boolean }): never {
    throw new ValueError(`cannot set the start method of a concrete context: this one is '${this.startMethod}'; call setStartMethod() from multiproc itself, or getContext(method)`);
  }
}

const contexts = new Map<ProcessContext, Context>();

/** The context of a start method ('spawn', 'forkserver' or 'thread'; default: the current one). */
export function getContext(method?: string | null): Context {
  const processContext = getProcessContext(method);
  let context = contexts.get(processContext);
  if (context === undefined) contexts.set(processContext, (context = new Context(processContext)));
  return context;
}
