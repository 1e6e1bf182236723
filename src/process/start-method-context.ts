// The process layer's half of a context: Process bound to one start method. src/context.ts builds the whole
// multiprocessing API (Python's context objects) on top of it.
import { Process, START_METHOD } from './process.js';
import { checkStartMethod, getStartMethod, type StartMethod } from './start-method.js';

export class StartMethodContext {
  /** Process, started with this context's method. */
  readonly Process: typeof Process;

  constructor(readonly startMethod: StartMethod) {
    this.Process = class extends Process {
      static readonly [START_METHOD] = startMethod;
    };
    Object.defineProperty(this.Process, 'name', { value: 'Process' });
  }

  getStartMethod(): StartMethod {
    return this.startMethod;
  }
}

const contexts = new Map<StartMethod, StartMethodContext>();

/** The context of a start method (default: the current one). */
export function startMethodContext(method?: string | null): StartMethodContext {
  const chosen = method === undefined || method === null ? getStartMethod() : checkStartMethod(method);
  let context = contexts.get(chosen);
  if (context === undefined) {
    context = new StartMethodContext(chosen);
    contexts.set(chosen, context);
  }
  return context;
}
