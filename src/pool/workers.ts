// One pool worker as the parent sees it: its process (or thread), its pipe, the chunks it holds, and the loop that
// reads its results. A worker that dies makes exactly the chunks it held fail with WorkerLostError.
import { constants } from 'node:os';
import { WorkerLostError } from '../errors.js';
import { Pipe, type Connection } from '../connection/index.js';
import type { Reference } from '../reference/locate.js';
import { referenceOf } from '../reference/locate.js';
import type { WorkerContext } from './options.js';
import type { Process } from '../process/process.js';
import { readResult, STOP_FRAME, writeTask } from './messages.js';
import { decodeOutcome, type Task } from './tasks.js';
import { runPoolWorker } from './worker.js';

/**
 * Chunks a worker may hold at once: one running, and — only while its chunks are known to be short — more queued
 * behind it, so that it never waits for the parent. Short tasks need more queued (the parent's turnaround is tens of
 * µs); a worker whose chunk time is unknown or long gets none (a chunk queued behind a long task would wait while
 * another worker idles). The limit follows each worker's measured time per chunk, and drops to one while the running
 * chunk has taken much longer than that measure.
 */
export const PREFETCH = { max: 64, coverMs: 1 };

export interface WorkerEvents {
  onResult(worker: PoolWorker, task: Task, ok: boolean, value: unknown): void;
  /** The worker is gone; `unstarted` are chunks it held but had not begun (to be handed to another worker). */
  onExit(worker: PoolWorker, unstarted: Task[]): void;
}

export interface WorkerSpec {
  context: WorkerContext;
  initializer: Reference | null;
  initargs: unknown[];
  maxtasks: number | null;
}

function describeExit(exitcode: number | null): { text: string; signal: string | null } {
  if (exitcode !== null && exitcode < 0) {
    const signal = Object.entries(constants.signals).find(([, number]) => number === -exitcode)?.[0] ?? null;
    return { text: `was killed by ${signal ?? `signal ${-exitcode}`}`, signal };
  }
  return { text: `exited with code ${exitcode}`, signal: null };
}

/** Ids of chunks in flight, unique per process (a worker echoes the id of each chunk it finishes). */
let nextTaskId = 0;

export class PoolWorker {
  readonly process: Process;
  private readonly connection: Connection;
  /** The worker's end, kept open here until the worker is gone: closing it before the worker attaches would look like end of file. */
  private readonly workerEnd: Connection;
  private readonly functionIds = new Map<Function, number>();
  readonly held = new Map<number, Task>();
  assigned = 0;
  stopping = false;
  readonly gone: Promise<void>;
  /** Moving average of the time this worker spends per chunk (ms), as the worker reports it; null before the first. */
  private chunkMs: number | null = null;
  /** When the oldest chunk held (the one running, as a worker runs its chunks in order) began to be the oldest. */
  private runningSince = 0;
  private exited = false;
  private readonly exit: Promise<void>;
  private workArrived: (() => void) | null = null;

  constructor(
    private readonly spec: WorkerSpec,
    private readonly events: WorkerEvents,
  ) {
    const [parentEnd, childEnd] = Pipe(true, { capacity: 1 << 20 });
    this.connection = parentEnd;
    this.workerEnd = childEnd;
    this.process = new spec.context.Process({ target: runPoolWorker, args: [childEnd, spec.initializer, spec.initargs, spec.maxtasks], daemon: true });
    this.process.start();
    this.exit = this.process.sentinel.then(() => {
      this.exited = true;
    });
    this.gone = this.readResults().then(() => this.exit).then(() => this.lose());
  }

  /** Whether this worker may take another chunk now. */
  hasRoom(): boolean {
    if (this.stopping || this.process.exitcode !== null) return false;
    if (this.spec.maxtasks !== null && this.assigned >= this.spec.maxtasks) return false;
    if (this.held.size === 0) return true;
    if (this.chunkMs === null) return false;
    // The running chunk takes far longer than this worker's chunks did: anything queued now might wait behind it.
    if (performance.now() - this.runningSince > PREFETCH.coverMs + 4 * this.chunkMs) return false;
    const limit = Math.min(PREFETCH.max, Math.max(1, Math.ceil(PREFETCH.coverMs / this.chunkMs)));
    return this.held.size < limit;
  }

  send(task: Task): void {
    let id = this.functionIds.get(task.fn);
    const first = id === undefined;
    if (first) this.functionIds.set(task.fn, (id = this.functionIds.size));
    const taskId = nextTaskId = (nextTaskId + 1) >>> 0;
    if (this.held.size === 0) this.runningSince = performance.now();
    this.held.set(taskId, task);
    this.assigned++;
    this.connection.sendBytes(writeTask({ id: taskId, fn: id!, ref: first ? referenceOf(task.fn) : null, star: task.star, payload: task.payload }));
    this.workArrived?.();
  }

  /** Asks the worker to exit once it has finished what it holds. */
  stop(): void {
    if (this.stopping) return;
    this.stopping = true;
    try {
      this.connection.sendBytes(STOP_FRAME);
    } catch {
      // already gone
    }
  }

  /**
   * Takes results while the worker holds tasks. It waits on the pipe only then (so an idle pool keeps nobody alive),
   * and races the worker's exit (a thread worker's death is invisible to the pipe: it shares our pid).
   */
  private async readResults(): Promise<void> {
    try {
      for (;;) {
        while (this.connection.pollSync(0)) {
          const pending = this.take(this.connection.recvBytesSync());
          if (pending !== undefined) await pending;
        }
        if (this.exited) return;
        const next = this.held.size === 0 ? new Promise<void>((resolve) => (this.workArrived = resolve)) : this.connection.poll(null);
        await Promise.race([next, this.exit]);
        this.workArrived = null;
      }
    } catch {
      // end of file (the worker closed its end or died) or our end was closed
    }
  }

  /** Delivers one result; returns a promise only when decoding must import modules first (exported classes). */
  private take(frame: Buffer): Promise<void> | undefined {
    const result = readResult(frame);
    const task = this.held.get(result.id);
    if (task === undefined) return undefined;
    const ms = Math.max(0.001, result.micros / 1000);
    this.chunkMs = this.chunkMs === null ? ms : 0.8 * this.chunkMs + 0.2 * ms;
    const deliver = (value: unknown) => {
      this.held.delete(result.id);
      this.runningSince = performance.now();
      this.events.onResult(this, task, result.ok, value);
    };
    const value = decodeOutcome(result.payload);
    if (value instanceof Promise) return value.then(deliver);
    deliver(value);
    return undefined;
  }

  /**
   * After exit: the worker ran its chunks in the order they were sent, so only the oldest it still held can have been
   * running; that one is lost, the rest go back to the pool untouched.
   */
  private lose(): void {
    this.connection.close();
    this.workerEnd.close();
    const [running, ...unstarted] = this.held.values();
    this.held.clear();
    if (running !== undefined) {
      const exitcode = this.process.exitcode;
      const { text, signal } = describeExit(exitcode);
      const error = new WorkerLostError(`pool worker ${this.process.name} (pid ${this.process.pid}) ${text} while running this task`, exitcode, signal);
      this.events.onResult(this, running, false, error);
    }
    this.events.onExit(this, unstarted);
  }
}
