// The parent's side of the fork server of 'forkserver' (native/fork.cc and forked-child.ts are the server's): one
// single-threaded Node process with the library and the preload modules loaded keeps a child forked ahead; start()
// hands that child its payload through the server, which forks the next one at once and reports each child's exit
// status. Used where a forked Node is sound (forkServerUsable); elsewhere 'forkserver' keeps warm spares.
import type { ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';
import { lazyBuiltin } from '../lazy-builtin.js';
import { FROM_SOURCE } from '../package-root.js';
import { native } from '../platform/native.js';
import { APP_ROOT_VARIABLE, applicationRoot } from '../reference/trust.js';
import { rootPid } from '../shm/root.js';
import { BOOTSTRAP_URL, childExecArgv, FORK_SERVER_FLAG, SINGLE_THREADED, WRITES_AT_EXIT, type ChildHandle } from './handle.js';
import { forkServerLoaderArgv } from './typescript-loader.js';
import { framePayload, type ChildPayload } from './wire.js';

const childProcess = lazyBuiltin<typeof import('node:child_process')>('node:child_process');

/** The server's reports, as int32 triples [kind, pid, value] (native/fork.cc). */
const FORKED = 1;
const EXITED = 2;
const REPORT_BYTES = 12;

/**
 * Options that may register module hooks (Node 20 runs them on a thread of their own, which a forked child would not
 * have: its first import would wait forever) or load code we cannot vouch for before the fork.
 */
const HOOK_OPTION = /^(--import|--loader|--experimental-loader|--require|-r)(=|$)/;

/** The server's Node options: the parent's, with the small TypeScript hook in-thread; null when they cannot fork. */
function serverExecArgv(): string[] | null {
  return forkServerLoaderArgv(childExecArgv());
}

let broken = false;

/**
 * Whether children can be forked: the addon has the fork server, the library runs built (its bootstrap needs no
 * loader), no option may register module hooks off the thread (the small TypeScript hook is kept on it), and nothing
 * expects Node's orderly exit (coverage, profiles). MULTIPROC_FORKSERVER=spares chooses the warm spares instead.
 */
export function forkServerUsable(): boolean {
  if (broken || native?.forkServe === undefined || FROM_SOURCE) return false;
  if (process.env.MULTIPROC_FORKSERVER === 'spares' || process.env.NODE_V8_COVERAGE !== undefined) return false;
  const argv = serverExecArgv();
  if (argv === null) return false;
  const environment = (process.env.NODE_OPTIONS ?? '').split(/\s+/);
  return !environment.some((option) => HOOK_OPTION.test(option)) && ![...argv, ...environment].some((option) => WRITES_AT_EXIT.test(option));
}

/** Python's exitcode from a wait status: the exit status, or -N after signal N. */
function exitcodeOfStatus(status: number): number {
  const signal = status & 0x7f;
  return signal === 0 ? (status >> 8) & 0xff : -signal;
}

export class ForkServer {
  /** Set once the server is gone: the next start boots another. */
  ended = false;
  private readonly child: ChildProcess;
  private readonly channel: Socket;
  private readonly ready: number[] = [];
  private readonly running = new Map<number, (status: number) => void>();
  /** Children that keep this process alive (non-daemon ones, as Python joins them at exit). */
  private readonly holders = new Set<number>();
  private received: Buffer = Buffer.alloc(0);
  private forkedAny = false;

  /** Starts the server: a fresh Node, single-threaded (no V8 threads a child would lack), with `bootstrapArgs`. */
  constructor(bootstrapArgs: string[]) {
    const args = [...(serverExecArgv() ?? childExecArgv()), SINGLE_THREADED, fileURLToPath(BOOTSTRAP_URL), FORK_SERVER_FLAG, ...bootstrapArgs];
    this.child = childProcess().spawn(process.execPath, args, {
      stdio: ['ignore', 'inherit', 'inherit', 'pipe'],
      env: { ...process.env, MULTIPROC_ROOT_PID: String(rootPid), [APP_ROOT_VARIABLE]: applicationRoot() },
    });
    this.channel = this.child.stdio[3] as Socket;
    this.channel.on('error', () => {});
    this.channel.on('data', (chunk: Buffer) => this.read(chunk));
    this.channel.on('close', () => this.end());
    this.child.once('error', () => this.end());
    // The server never keeps this process alive: when it exits, the server sees the end of fd 3 and ends.
    this.child.unref();
    this.channel.unref();
  }

  /** Hands `payload` to the child forked ahead, or returns null when none is ready yet (the server still boots). */
  launch(payload: ChildPayload): ChildHandle | null {
    const pid = this.ready.shift();
    if (pid === undefined) return null;
    // Opened while the child surely lives (the server reaps it only after reporting it ready, and it has no payload
    // yet), so signals reach this process and never a later one with the same pid.
    const pidfd = native!.pidfdOpen!(pid);
    let ended = false;
    const exited = new Promise<number>((resolve) => {
      this.running.set(pid, (status) => {
        ended = true;
        if (pidfd >= 0) native!.pidfdClose!(pidfd);
        this.holders.delete(pid);
        this.refChannel();
        resolve(exitcodeOfStatus(status));
      });
    });
    this.send(pid, framePayload(payload));
    this.holders.add(pid);
    this.refChannel();
    const signal = (signal: number) => {
      if (!ended && pidfd >= 0) native!.pidfdSignal!(pidfd, signal);
    };
    return {
      pid,
      ident: pid,
      exited,
      terminate: () => signal(constants.signals.SIGTERM),
      kill: () => signal(constants.signals.SIGKILL),
      setKeepsParentAlive: (keep) => {
        if (ended) return;
        if (keep) this.holders.add(pid);
        else this.holders.delete(pid);
        this.refChannel();
      },
    };
  }

  /** Tells the server to fork no more (another replaces it) and to exit once its running children have ended. */
  retire(): void {
    if (!this.ended) this.send(0, Buffer.alloc(0));
    this.ready.length = 0;
  }

  private send(pid: number, body: Buffer): void {
    const head = Buffer.allocUnsafe(8);
    head.writeInt32LE(pid, 0);
    head.writeUInt32LE(body.length, 4);
    this.channel.write(Buffer.concat([head, body]));
  }

  private refChannel(): void {
    if (this.holders.size > 0) this.channel.ref();
    else this.channel.unref();
  }

  private read(chunk: Buffer): void {
    this.received = this.received.length === 0 ? chunk : Buffer.concat([this.received, chunk]);
    for (; this.received.length >= REPORT_BYTES; this.received = this.received.subarray(REPORT_BYTES)) {
      const kind = this.received.readInt32LE(0);
      const pid = this.received.readInt32LE(4);
      const value = this.received.readInt32LE(8);
      if (kind === FORKED) {
        this.forkedAny = true;
        this.ready.push(pid);
      } else if (kind === EXITED) {
        const readyAt = this.ready.indexOf(pid);
        if (readyAt >= 0) this.ready.splice(readyAt, 1); // ended before it was used (killed from outside)
        this.running.get(pid)?.(value);
        this.running.delete(pid);
      }
    }
  }

  /** The server is gone: its children die with it (their parent-death signal), so they are reported killed. */
  private end(): void {
    if (this.ended) return;
    this.ended = true;
    // A server that never forked cannot fork here: this process keeps the warm spares from now on.
    if (!this.forkedAny) broken = true;
    this.ready.length = 0;
    this.channel.destroy();
    for (const report of this.running.values()) report(constants.signals.SIGKILL);
    this.running.clear();
  }
}
