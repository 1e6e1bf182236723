// Python's multiprocessing.pool.ThreadPool: the same API, with worker threads instead of processes.
import { getContext, type Context } from '../process/context.js';
import { Pool } from './pool.js';

export class ThreadPool extends Pool {
  protected override defaultContext(): Context {
    return getContext('thread');
  }
}
