// Python's multiprocessing.pool.ThreadPool: the same API, with worker threads instead of processes.
import { startMethodContext } from '../process/start-method-context.js';
import type { WorkerContext } from './options.js';
import { Pool } from './pool.js';

export class ThreadPool extends Pool {
  protected override defaultContext(): WorkerContext {
    return startMethodContext('thread');
  }
}
