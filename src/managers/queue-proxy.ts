// Proxies of a manager's Queue and JoinableQueue (Python's queue.Queue served by the manager): a get() that waits
// waits in the server, and Empty/Full arrive as themselves.
import { BaseProxy, registerProxyClass } from './base-proxy.js';

/** `{ block, timeout }` (ms; undefined/null waits forever), as Queue.get/put take them. */
export interface QueueWaitOptions {
  block?: boolean;
  timeout?: number | null;
}

/** A Queue of a manager. */
export class QueueProxy<T = unknown> extends BaseProxy {
  put(item: T, options: QueueWaitOptions = {}): Promise<void> {
    return this._callMethod('put', [item, options]);
  }

  /** The next item; Empty after `timeout` ms or at once with `block: false`. */
  get(options: QueueWaitOptions = {}): Promise<T> {
    return this._callMethod('get', [options]);
  }

  putNowait(item: T): Promise<void> {
    return this._callMethod('putNowait', [item]);
  }

  getNowait(): Promise<T> {
    return this._callMethod('getNowait');
  }

  qsize(): Promise<number> {
    return this._callMethod('qsize');
  }

  empty(): Promise<boolean> {
    return this._callMethod('empty');
  }

  full(): Promise<boolean> {
    return this._callMethod('full');
  }
}

/** A JoinableQueue of a manager. */
export class JoinableQueueProxy<T = unknown> extends QueueProxy<T> {
  taskDone(): Promise<void> {
    return this._callMethod('taskDone');
  }

  /** Resolves once every item put has been marked done. */
  join(): Promise<void> {
    return this._callMethod('join');
  }
}

registerProxyClass(QueueProxy);
registerProxyClass(JoinableQueueProxy);
