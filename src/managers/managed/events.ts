// What a manager's Condition, Event and Barrier are in the server: event-loop objects whose waits never block it.
import { BrokenBarrierError, ValueError } from '../../errors.js';
import { currentCaller, setCaller } from './caller.js';
import { ManagedLock, ManagedRLock } from './locks.js';
import { referentOf } from './referents.js';
import { deadlineOf, ChangeNotifier } from './change-notifier.js';
import { normalizeTimeout, raceTimeout } from '../../time.js';

/** A condition variable over a managed RLock (default) or Lock. */
export class ManagedCondition {
  private readonly lock: ManagedLock | ManagedRLock;
  private waiters: (() => void)[] = [];

  constructor(lock?: unknown) {
    const given = lock === undefined || lock === null ? new ManagedRLock() : referentOf(lock);
    if (!(given instanceof ManagedLock || given instanceof ManagedRLock)) throw new TypeError('Condition(lock) needs a Lock or RLock of the same manager');
    this.lock = given;
  }

  acquire(options?: { block?: boolean; timeout?: number | null }): Promise<boolean> {
    return this.lock.acquire(options);
  }

  release(): void {
    this.lock.release();
  }

  locked(): boolean {
    return this.lock.locked();
  }

  private owned(): boolean {
    return this.lock instanceof ManagedRLock ? this.lock.isOwned() : this.lock.locked();
  }

  async wait(timeout?: number | null): Promise<boolean> {
    if (!this.owned()) throw new ValueError('cannot wait on un-acquired lock');
    const timeoutMs = normalizeTimeout(timeout);
    const caller = currentCaller();
    let wake!: () => void;
    const notified = new Promise<boolean>((resolve) => (wake = () => resolve(true)));
    this.waiters.push(wake);
    const count = this.lock instanceof ManagedRLock ? this.lock.releaseAll() : (this.lock.release(), 1);
    const woken = (await raceTimeout(notified, timeoutMs)) === true;
    this.waiters = this.waiters.filter((waiter) => waiter !== wake);
    for (let i = 0; i < count; i++) {
      setCaller(caller);
      await this.lock.acquire();
    }
    return woken;
  }

  notify(n = 1): void {
    if (!this.owned()) throw new ValueError('cannot notify on un-acquired lock');
    for (const wake of this.waiters.splice(0, n)) wake();
  }

  notifyAll(): void {
    this.notify(this.waiters.length);
  }
}

/** A flag that wait() waits for. */
export class ManagedEvent {
  private flag = false;
  private readonly changed = new ChangeNotifier();

  isSet(): boolean {
    return this.flag;
  }

  set(): void {
    this.flag = true;
    this.changed.notifyAll();
  }

  clear(): void {
    this.flag = false;
  }

  wait(timeout?: number | null): Promise<boolean> {
    return this.changed.until(() => this.flag, deadlineOf(timeout)).then(() => this.flag);
  }
}

interface Cycle {
  arrived: number;
  passed: boolean;
  broken: boolean;
}

/** `parties` waiters pass together; `action` (an exported function, resolved by the server) runs once per cycle. */
export class ManagedBarrier {
  private cycle: Cycle = { arrived: 0, passed: false, broken: false };
  private isBroken = false;
  private readonly changed = new ChangeNotifier();
  private readonly action: Function | undefined;
  private readonly timeout: number | null | undefined;

  constructor(
    private readonly count: number,
    options: { action?: Function; timeout?: number | null } = {},
  ) {
    if (!Number.isInteger(count) || count < 1) throw new ValueError('parties must be > 0');
    this.action = options?.action;
    this.timeout = options?.timeout;
  }

  async wait(timeout: number | null | undefined = this.timeout): Promise<number> {
    if (this.isBroken) throw new BrokenBarrierError();
    const cycle = this.cycle;
    const index = cycle.arrived++;
    if (cycle.arrived === this.count) {
      try {
        await this.action?.();
      } catch (error) {
        this.abort();
        throw error;
      }
      cycle.passed = true;
      this.cycle = { arrived: 0, passed: false, broken: false };
      this.changed.notifyAll();
      return index;
    }
    await this.changed.until(() => cycle.passed || cycle.broken, deadlineOf(timeout));
    if (cycle.passed) return index;
    if (!cycle.broken) this.abort(); // timed out: the barrier breaks for everyone, as Python's does
    throw new BrokenBarrierError();
  }

  reset(): void {
    if (this.cycle.arrived > 0) this.cycle.broken = true;
    this.cycle = { arrived: 0, passed: false, broken: false };
    this.isBroken = false;
    this.changed.notifyAll();
  }

  abort(): void {
    this.cycle.broken = true;
    this.isBroken = true;
    this.changed.notifyAll();
  }

  parties(): number {
    return this.count;
  }

  nWaiting(): number {
    return this.cycle.arrived;
  }

  broken(): boolean {
    return this.isBroken;
  }
}
