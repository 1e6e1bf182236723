// The 'spawn' and 'forkserver' start methods. Both start `node <bootstrap>` with fd 3 as a pipe from the parent; the
// child reads its payload from it and takes its end-of-file as the parent's death. 'forkserver' keeps such children
// started ahead of time (warm spares, see spares.ts), hands one the next payload, and boots another in the background;
// where a forked Node is sound it also forks children from a fork server (fork-server.ts) for the starts that come
// faster than a spare boots. Its children import the modules of setForkserverPreload() before their payload, as
// Python's forkserver does.
import type { ChildProcess } from 'node:child_process';
import { readSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Socket } from 'node:net';
import { isMainThread } from 'node:worker_threads';
import { APP_ROOT_VARIABLE, applicationRoot } from '../reference/trust.js';
import { native } from '../platform/native.js';
import { rootPid } from '../shm/root.js';
import { childCompileCacheDirectory, COMPILE_CACHE_FLAG } from './compile-cache.js';
import { exitcodeOf } from './exitcode.js';
import { ForkServer, forkServerUsable } from './fork-server.js';
import { BOOTSTRAP_URL, childExecArgv, PRELOAD_FLAG, SPARE_FLAG, startSpareAfter, type ChildHandle, type PreloadRequest } from './handle.js';
import { ownIdentity } from './identity.js';
import { SPARE_COUNT, Spares } from './spares.js';
import { childLoaderArgv, withTranspiled } from './typescript-loader.js';
import { forSpare, framePayload, type ChildPayload } from './wire.js';
import { lazyBuiltin } from '../lazy-builtin.js';

const childProcess = lazyBuiltin<typeof import('node:child_process')>('node:child_process');

interface Started {
  child: ChildProcess;
  channel: Socket;
  exited: Promise<number>;
}

let reapingAtExit = false;

/**
 * What a child writes on fd 3, as 32-bit integers: 0 when a warm spare is ready for its payload, and, at its exit, the
 * pid of the helper process that frees its memory (native exitNow), a sibling this process reaps once it has ended.
 * Returns what to call at the child's exit: the pid may still be unread then (the exit can be handled first in a loop
 * turn, and a program may process.exit() before the next), so it is read from the socket directly.
 */
function readChildReports(channel: Socket, onReady: () => void): () => void {
  const reap = native?.reapHelper;
  // process.exit() runs no cleanup hooks: helpers not reaped yet would be left to whatever reaps orphans.
  if (reap !== undefined && !reapingAtExit) process.once('exit', () => native!.reapHelpersNow!());
  reapingAtExit ||= reap !== undefined;
  let received = Buffer.alloc(0);
  const take = (chunk: Buffer) => {
    received = Buffer.concat([received, chunk]);
    for (; received.length >= 4; received = received.subarray(4)) {
      const pid = received.readInt32LE(0);
      if (pid === 0) onReady();
      else reap?.(pid);
    }
  };
  channel.on('data', take);
  return () => {
    const fd = (channel as unknown as { _handle?: { fd?: number } })._handle?.fd;
    if (fd === undefined || fd < 0) return;
    const buffer = Buffer.allocUnsafe(64);
    try {
      for (let n; (n = readSync(fd, buffer)) > 0; ) take(buffer.subarray(0, n));
    } catch {
      // EAGAIN: nothing more to read
    }
  };
}

function startNode(bootstrapArgs: string[] = [], onReady: () => void = () => {}): Started {
  const compileCache = childCompileCacheDirectory();
  const cacheArgs = compileCache === null ? [] : [COMPILE_CACHE_FLAG];
  const args = [...childLoaderArgv(childExecArgv()), fileURLToPath(BOOTSTRAP_URL), ...cacheArgs, ...bootstrapArgs];
  const child = childProcess().spawn(process.execPath, args, {
    stdio: ['ignore', 'inherit', 'inherit', 'pipe'],
    // The child trusts what its parent trusts: its own main script is the library's bootstrap, not the application's.
    env: {
      ...process.env,
      MULTIPROC_ROOT_PID: String(rootPid),
      [APP_ROOT_VARIABLE]: applicationRoot(),
      ...(compileCache === null ? {} : { NODE_COMPILE_CACHE: compileCache }),
    },
  });
  const channel = child.stdio[3] as Socket;
  // A child that dies before reading its payload makes our write fail; its exit is reported through `exited`.
  channel.on('error', () => {});
  channel.unref();
  const readHelperPid = readChildReports(channel, onReady);
  const exited = new Promise<number>((resolve) => {
    child.once('exit', (code, signal) => {
      readHelperPid();
      channel.destroy();
      resolve(exitcodeOf(code, signal));
    });
    child.once('error', () => resolve(1));
  });
  return { child, channel, exited };
}

function hand(started: Started, payload: ChildPayload): ChildHandle {
  const { child, channel, exited } = started;
  channel.write(framePayload(withTranspiled(payload)));
  return {
    pid: child.pid,
    ident: child.pid,
    exited,
    terminate: () => void child.kill('SIGTERM'),
    kill: () => void child.kill('SIGKILL'),
    setKeepsParentAlive: (keep) => (keep ? child.ref() : child.unref()),
  };
}

/** 'spawn': a fresh Node process per child. */
export function launchSpawn(payload: ChildPayload): ChildHandle {
  return hand(startNode(), payload);
}

let preload: string[] = [];

/** A forkserver child's bootstrap arguments: whether it was started ahead, what it imports before its payload. */
function forkserverArgs(warm: boolean): string[] {
  const args = warm ? [SPARE_FLAG] : [];
  if (preload.length === 0) return args;
  const request: PreloadRequest = { modules: preload, parentPid: process.pid, parentName: ownIdentity().name, mainThread: isMainThread };
  return [...args, PRELOAD_FLAG, JSON.stringify(request)];
}

const spares: Spares<Started> = new Spares(
  (booted) => {
    const started = startNode(forkserverArgs(true), booted);
    // An idle spare must not keep the parent alive; it exits by itself when the parent goes (end of fd 3).
    started.child.unref();
    void started.exited.then(() => spares.drop(started));
    return started;
  },
  // Next to a fork server one spare is enough: starts that come faster than it boots get forked children.
  () => (forkServerUsable() ? 1 : SPARE_COUNT),
);

let forkServer: ForkServer | null = null;

/**
 * The module URLs forkserver children import before their payload: a fork server or idle spares that loaded others
 * are replaced.
 */
export function setPreloadModules(urls: string[]): void {
  const same = urls.length === preload.length && urls.every((url, i) => url === preload[i]);
  preload = [...urls];
  if (!same && forkServer !== null) {
    forkServer.retire();
    forkServer = null;
  }
  const stale = spares.all();
  if (same || stale.length === 0) return;
  for (const spare of stale) {
    spare.child.kill('SIGKILL');
    spares.drop(spare);
  }
  spares.refill();
}

/**
 * 'forkserver' where children can be forked: the fork server's child forked ahead takes the payload; while the
 * server boots (the first start), a fresh child does.
 */
function launchForked(payload: ChildPayload): ChildHandle {
  if (forkServer === null || forkServer.ended) forkServer = new ForkServer(forkserverArgs(false));
  return forkServer.launch(withTranspiled(forSpare(payload))) ?? hand(startNode(forkserverArgs(false)), forSpare(payload));
}

/** A warm spare takes the payload (a child is started now if there is none); `refill` boots the next after it. */
function launchSpare(payload: ChildPayload, refill = true): ChildHandle {
  const started = spares.take() ?? startNode(forkserverArgs(false));
  started.child.ref();
  if (refill) startSpareAfter(started.exited, () => spares.refill());
  return hand(started, forSpare(payload));
}

/** How long starts must pause before the spare next to a fork server boots (a boot takes 60–100 ms of a core). */
const QUIET_MS = 100;
let quietTimer: NodeJS.Timeout | undefined;

/** Boots the spare once starts pause: while they come one after another, forked children serve them, and a boot
 * would only take a core from those children. */
function refillWhenQuiet(): void {
  clearTimeout(quietTimer);
  quietTimer = setTimeout(() => spares.refill(), QUIET_MS).unref();
}

/**
 * 'forkserver': where a forked Node is sound (fork-server.ts), a warm spare that is up takes the payload (the quickest
 * start), else the child the server forked ahead (starts one after another, faster than a spare boots); elsewhere
 * the warm spares alone. MULTIPROC_FORKSERVER=fork leaves the spare out.
 */
export function launchForkserver(payload: ChildPayload): ChildHandle {
  if (!forkServerUsable()) return launchSpare(payload);
  if (process.env.MULTIPROC_FORKSERVER === 'fork') return launchForked(payload);
  refillWhenQuiet();
  return spares.hasReady() ? launchSpare(payload, false) : launchForked(payload);
}
