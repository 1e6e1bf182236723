// The one waiting tool of the server-side objects: wait (without blocking the server) until a condition holds,
// re-checked after every change the object announces.
import { FOREVER, isPast, raceTimeout, remaining, type Deadline } from '../../time.js';

export { deadlineOf } from '../../time.js';

/** Wakes every waiter on each change; each re-checks its own condition. */
export class ChangeNotifier {
  private waiters = new Set<() => void>();

  /** Announces a change. */
  notifyAll(): void {
    const waiters = this.waiters;
    this.waiters = new Set();
    for (const wake of waiters) wake();
  }

  /** Resolves true once `ready()` holds, or false when `deadline` passes first. */
  async until(ready: () => boolean, deadline: Deadline): Promise<boolean> {
    while (!ready()) {
      if (isPast(deadline)) return false;
      await this.next(remaining(deadline));
    }
    return true;
  }

  /** Resolves at the next change, or after `timeoutMs` (FOREVER: no limit). */
  async next(timeoutMs: number = FOREVER): Promise<void> {
    let wake!: () => void;
    const changed = new Promise<void>((resolve) => (wake = resolve));
    this.waiters.add(wake);
    try {
      await raceTimeout(changed, timeoutMs);
    } finally {
      this.waiters.delete(wake);
    }
  }
}
