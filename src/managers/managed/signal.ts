// The one waiting tool of the server-side objects: wait (without blocking the server) until a condition holds,
// re-checked after every change the object announces.
import { checkTimeout } from '../../validate.js';


/** Python's timeout in ms as a deadline: undefined/null → forever (null), negative → now. */
export function deadlineOf(timeout: number | null | undefined): number | null {
  const limit = checkTimeout(timeout);
  return limit === null ? null : Date.now() + limit;
}

/** Wakes every waiter on each change; each re-checks its own condition. */
export class Signal {
  private waiters = new Set<() => void>();

  /** Announces a change. */
  notifyAll(): void {
    const waiters = this.waiters;
    this.waiters = new Set();
    for (const wake of waiters) wake();
  }

  /** Resolves true once `ready()` holds, or false when `deadline` (ms since epoch, null = never) passes first. */
  async until(ready: () => boolean, deadline: number | null): Promise<boolean> {
    while (!ready()) {
      const remaining = deadline === null ? null : deadline - Date.now();
      if (remaining !== null && remaining <= 0) return false;
      await this.next(remaining);
    }
    return true;
  }

  /** Resolves at the next change, or after `timeout` ms (null: no limit). */
  next(timeout: number | null): Promise<void> {
    return new Promise<void>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const wake = () => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        resolve();
      };
      this.waiters.add(wake);
      if (timeout !== null) timer = setTimeout(wake, timeout);
    });
  }
}
