// Proxies of the synchronization objects a SyncManager serves. The objects live in the server; a waiting call
// (acquire, wait) waits there without blocking it, and resolves here when it is done.
import { deadlineOf, FOREVER, isPast, remaining } from '../time.js';
import { BaseProxy, registerProxyClass } from './base-proxy.js';

/** `{ block, timeout }` as the library's own locks take them (timeout in ms; undefined/null waits forever). */
export interface AcquireOptions {
  block?: boolean;
  timeout?: number | null;
}

/** Lock, RLock, Semaphore and BoundedSemaphore of a manager (Python's AcquirerProxy). */
export class AcquirerProxy extends BaseProxy {
  /** Whether it was acquired (false only with `block: false` or a timeout). */
  acquire(options: AcquireOptions = {}): Promise<boolean> {
    return this._callMethod('acquire', [options]);
  }

  /** Releases (n times for a semaphore); an RLock released by a process that does not own it → ValueError. */
  release(n?: number): Promise<void> {
    return this._callMethod('release', n === undefined ? [] : [n]);
  }

  /** Lock/RLock: whether someone holds it. */
  locked(): Promise<boolean> {
    return this._callMethod('locked');
  }

  /** Semaphore: its current value. */
  getValue(): Promise<number> {
    return this._callMethod('getValue');
  }
}

/** A Condition of a manager. */
export class ConditionProxy extends AcquirerProxy {
  /** Releases the lock, waits for notify() (or `timeout` ms), takes the lock again; false on timeout. */
  wait(timeout?: number | null): Promise<boolean> {
    return this._callMethod('wait', [timeout]);
  }

  /** Waits until `predicate()` (run here, in this process) is truthy; returns its last value. Lock must be held. */
  async waitFor<R>(predicate: () => R | Promise<R>, timeout?: number | null): Promise<R> {
    const deadline = deadlineOf(timeout);
    let result = await predicate();
    while (!result) {
      if (isPast(deadline)) break;
      const left = remaining(deadline);
      await this.wait(left === FOREVER ? null : left);
      result = await predicate();
    }
    return result;
  }

  notify(n = 1): Promise<void> {
    return this._callMethod('notify', [n]);
  }

  notifyAll(): Promise<void> {
    return this._callMethod('notifyAll');
  }
}

/** An Event of a manager. */
export class EventProxy extends BaseProxy {
  isSet(): Promise<boolean> {
    return this._callMethod('isSet');
  }

  set(): Promise<void> {
    return this._callMethod('set');
  }

  clear(): Promise<void> {
    return this._callMethod('clear');
  }

  /** Whether the flag is set, waiting up to `timeout` ms for it. */
  wait(timeout?: number | null): Promise<boolean> {
    return this._callMethod('wait', [timeout]);
  }
}

/** A Barrier of a manager; its attributes are async methods, as every proxy call is a round trip. */
export class BarrierProxy extends BaseProxy {
  /** An index unique in this cycle; BrokenBarrierError when the barrier breaks (abort, reset, timeout). */
  wait(timeout?: number | null): Promise<number> {
    return this._callMethod('wait', [timeout]);
  }

  reset(): Promise<void> {
    return this._callMethod('reset');
  }

  abort(): Promise<void> {
    return this._callMethod('abort');
  }

  parties(): Promise<number> {
    return this._callMethod('parties');
  }

  nWaiting(): Promise<number> {
    return this._callMethod('nWaiting');
  }

  broken(): Promise<boolean> {
    return this._callMethod('broken');
  }
}

for (const cls of [AcquirerProxy, ConditionProxy, EventProxy, BarrierProxy]) registerProxyClass(cls);
