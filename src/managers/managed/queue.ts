// What a manager's Queue and JoinableQueue are in the server (Python serves queue.Queue): an array with waits that
// never block the server; Empty and Full travel back to the caller as themselves.
import { Empty, Full, ValueError } from '../../errors.js';
import { deadlineOf, ChangeNotifier } from './change-notifier.js';
import { NEVER } from '../../time.js';

interface WaitOptions {
  block?: boolean;
  timeout?: number | null;
}

/** A FIFO queue; maxsize 0 (or less) = unbounded. */
export class ManagedQueue {
  protected readonly items: unknown[] = [];
  protected readonly changed = new ChangeNotifier();
  private readonly maxsize: number;

  constructor(maxsize = 0) {
    this.maxsize = maxsize > 0 ? maxsize : 0;
  }

  async put(item: unknown, options: WaitOptions = {}): Promise<void> {
    const { block = true, timeout } = options ?? {};
    if (this.full() && (!block || !(await this.changed.until(() => !this.full(), deadlineOf(timeout))))) throw new Full();
    this.add(item);
  }

  async get(options: WaitOptions = {}): Promise<unknown> {
    const { block = true, timeout } = options ?? {};
    if (this.items.length === 0 && (!block || !(await this.changed.until(() => this.items.length > 0, deadlineOf(timeout))))) throw new Empty();
    return this.take();
  }

  putNowait(item: unknown): void {
    if (this.full()) throw new Full();
    this.add(item);
  }

  getNowait(): unknown {
    if (this.items.length === 0) throw new Empty();
    return this.take();
  }

  qsize(): number {
    return this.items.length;
  }

  empty(): boolean {
    return this.items.length === 0;
  }

  full(): boolean {
    return this.maxsize > 0 && this.items.length >= this.maxsize;
  }

  protected add(item: unknown): void {
    this.items.push(item);
    this.changed.notifyAll();
  }

  private take(): unknown {
    const item = this.items.shift();
    this.changed.notifyAll();
    return item;
  }
}

/** A queue that counts unfinished items: taskDone() marks one done, join() waits for none left. */
export class ManagedJoinableQueue extends ManagedQueue {
  private unfinished = 0;

  protected override add(item: unknown): void {
    this.unfinished++;
    super.add(item);
  }

  taskDone(): void {
    if (this.unfinished <= 0) throw new ValueError('task_done() called too many times');
    this.unfinished--;
    this.changed.notifyAll();
  }

  async join(): Promise<void> {
    await this.changed.until(() => this.unfinished === 0, NEVER);
  }
}
