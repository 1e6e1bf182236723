// Python's contexts: the same API bound to one start method (getContext('thread').Process, …).
import { Process, START_METHOD } from './process.js';
import { checkStartMethod, getStartMethod, type StartMethod } from './start-method.js';

export class Context {
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

const contexts = new Map<StartMethod, Context>();

/** The context of a start method (default: the current one). */
export function getContext(method?: string | null): Context {
  const chosen = method === undefined || method === null ? getStartMethod() : checkStartMethod(method);
  let context = contexts.get(chosen);
  if (context === undefined) {
    context = new Context(chosen);
    contexts.set(chosen, context);
  }
  return context;
}
