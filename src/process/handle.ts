// What a start method gives back for a started child (Python's Popen objects): a pid, a way to end it, and its exit.
import { libraryModule } from '../package-root.js';
import type { ChildPayload } from './wire.js';

export interface ChildHandle {
  readonly pid: number | undefined;
  readonly ident: number | undefined;
  /** Resolves with the exitcode (Python's convention) when the child has ended. */
  readonly exited: Promise<number>;
  terminate(): void;
  kill(): void;
  /** Whether this child keeps the parent alive: non-daemon children do, as Python joins them at exit. */
  setKeepsParentAlive(keep: boolean): void;
}

export type Launcher = (payload: ChildPayload) => ChildHandle;

/**
 * How long a new warm spare waits for the child it follows to end. Booting takes a core for tens of ms: on a small
 * machine a spare started at once would slow the very child it follows, so it boots when that child is done or, for a
 * long-running child, after this delay.
 */
const SPARE_DELAY_MS = 50;

/**
 * Calls `startSpare` when `exited` settles or after SPARE_DELAY_MS, whichever comes first (it may be called twice).
 * After an exit it waits for the next turn of the event loop: spawning takes 1–2 ms of this thread, which must not
 * come between the child's exit and the join() waiting for it.
 */
export function startSpareAfter(exited: Promise<unknown>, startSpare: () => void): void {
  const timer = setTimeout(startSpare, SPARE_DELAY_MS).unref();
  void exited.then(() => {
    clearTimeout(timer);
    setImmediate(startSpare).unref();
  });
}

/** The bootstrap's argument that marks a process started ahead as a warm spare (it warms up while it waits). */
export const SPARE_FLAG = '--multiproc-spare';

/** The message a warm spare thread posts once it waits for its payload. */
export const SPARE_READY = 'multiproc:spare-ready';

/** The bootstrap's argument that makes it the fork server of the 'forkserver' method (fork-server.ts). */
export const FORK_SERVER_FLAG = '--multiproc-fork-server';

/** The fork server's Node option: no V8 threads, which a forked child would not have (fork-server.ts). */
export const SINGLE_THREADED = '--single-threaded';

/** Node writes these at its orderly exit (coverage, profiles, reports): a child started with them must exit so. */
export const WRITES_AT_EXIT = /^--(cpu-prof|heap-prof|prof|trace-event|report-on|diagnostic-dir)/;

/** The bootstrap's argument before the JSON of what a forkserver child imports before its payload (PreloadRequest). */
export const PRELOAD_FLAG = '--multiproc-preload';

export interface PreloadRequest {
  /** Module URLs, in order (setForkserverPreload). */
  modules: string[];
  /** The parent, for parentProcess() while the modules load. */
  parentPid: number;
  parentName: string;
  /** The parent spawned from its main thread, so a parent-death signal is safe to request before the payload. */
  mainThread: boolean;
}

/** The child's entry module, next to this file: .ts when running from source under a TypeScript loader. */
export const BOOTSTRAP_URL = libraryModule('process/bootstrap');

/** The parent's Node options minus the test runner's and debugger's, so children load TypeScript the same way. */
export function childExecArgv(): string[] {
  const skip = /^--(test|inspect|debug|watch|experimental-test)/;
  const out: string[] = [];
  const argv = process.execArgv;
  for (let i = 0; i < argv.length; i++) {
    if (skip.test(argv[i])) continue;
    out.push(argv[i]);
  }
  return out;
}
