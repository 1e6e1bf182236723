// What a manager's Lock, RLock, Semaphore and BoundedSemaphore are in the server: plain event-loop objects (as
// Python's manager serves threading's), whose waiting acquire() never blocks the server.
import { ValueError } from '../../errors.js';
import { currentCaller } from './caller.js';
import { deadlineOf, ChangeNotifier } from './change-notifier.js';

interface AcquireOptions {
  block?: boolean;
  timeout?: number | null;
}

/** Waits for `free()` and then runs `take()`; false when not blocking or past the timeout. */
async function acquireWhen(signal: ChangeNotifier, free: () => boolean, take: () => void, options: AcquireOptions): Promise<boolean> {
  const { block = true, timeout } = options ?? {};
  if (!free()) {
    if (!block || !(await signal.until(free, deadlineOf(timeout)))) return false;
  }
  take();
  return true;
}

/** A lock anyone may release. */
export class ManagedLock {
  private held = false;
  private readonly changed = new ChangeNotifier();

  acquire(options: AcquireOptions = {}): Promise<boolean> {
    return acquireWhen(this.changed, () => !this.held, () => (this.held = true), options);
  }

  release(): void {
    if (!this.held) throw new ValueError('release unlocked lock');
    this.held = false;
    this.changed.notifyAll();
  }

  locked(): boolean {
    return this.held;
  }
}

/** A re-entrant lock owned by the connection (client process) that acquired it. */
export class ManagedRLock {
  private owner = 0;
  private count = 0;
  private readonly changed = new ChangeNotifier();

  acquire(options: AcquireOptions = {}): Promise<boolean> {
    const caller = currentCaller();
    const take = () => {
      this.owner = caller;
      this.count++;
    };
    return acquireWhen(this.changed, () => this.count === 0 || this.owner === caller, take, options);
  }

  release(): void {
    if (this.count === 0 || this.owner !== currentCaller()) throw new ValueError('cannot release un-acquired lock');
    if (--this.count === 0) {
      this.owner = 0;
      this.changed.notifyAll();
    }
  }

  locked(): boolean {
    return this.count > 0;
  }

  /** For Condition.wait: gives the lock up entirely and says how to take it back. */
  releaseAll(): number {
    const count = this.count;
    this.count = 0;
    this.owner = 0;
    this.changed.notifyAll();
    return count;
  }

  /** Whether the calling connection holds it. */
  isOwned(): boolean {
    return this.count > 0 && this.owner === currentCaller();
  }
}

/** A counter that acquire() decrements, waiting at zero. */
export class ManagedSemaphore {
  protected value: number;
  private readonly changed = new ChangeNotifier();

  constructor(value = 1) {
    if (!Number.isInteger(value) || value < 0) throw new ValueError('semaphore initial value must be >= 0');
    this.value = value;
  }

  acquire(options: AcquireOptions = {}): Promise<boolean> {
    return acquireWhen(this.changed, () => this.value > 0, () => this.value--, options);
  }

  release(n = 1): void {
    if (!Number.isInteger(n) || n < 1) throw new ValueError('n must be one or more');
    this.value += n;
    this.changed.notifyAll();
  }

  getValue(): number {
    return this.value;
  }
}

/** A semaphore that refuses to go above its initial value. */
export class ManagedBoundedSemaphore extends ManagedSemaphore {
  private readonly initial: number;

  constructor(value = 1) {
    super(value);
    this.initial = value;
  }

  override release(n = 1): void {
    if (this.value + n > this.initial) throw new ValueError('Semaphore released too many times');
    super.release(n);
  }
}
