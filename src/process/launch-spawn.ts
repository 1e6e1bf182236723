// The 'spawn' and 'forkserver' start methods. Both start `node <bootstrap>` with fd 3 as a pipe from the parent; the
// child reads its payload from it and takes its end-of-file as the parent's death. 'forkserver' keeps one such
// child started ahead of time (a warm spare), hands it the next payload, and starts a new spare in the background;
// its children import the modules of setForkserverPreload() before their payload, as Python's forkserver does.
import type { ChildProcess } from 'node:child_process';
import { readSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Socket } from 'node:net';
import { isMainThread } from 'node:worker_threads';
import { native } from '../shm/native.js';
import { rootPid } from '../shm/root.js';
import { exitcodeOf } from './exitcode.js';
import { BOOTSTRAP_URL, childExecArgv, PRELOAD_FLAG, SPARE_FLAG, startSpareAfter, type ChildHandle, type PreloadRequest } from './handle.js';
import { ownIdentity } from './identity.js';
import { childLoaderArgv, transpiledForChild } from './typescript-loader.js';
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
 * A child ending normally leaves its memory to be freed by a helper process, a sibling that shares it, and sends the
 * helper's pid on fd 3 (native exitNow): this process reaps the helper when it has ended. Returns what to call at the
 * child's exit: the pid may still be unread then (the exit can be handled first in a loop turn, and a program may
 * process.exit() before the next), so it is read from the socket directly.
 */
function reapExitHelper(channel: Socket): () => void {
  const reap = native?.reapHelper;
  if (reap === undefined) return () => {};
  // process.exit() runs no cleanup hooks: helpers not reaped yet would be left to whatever reaps orphans.
  if (!reapingAtExit) process.once('exit', () => native!.reapHelpersNow!());
  reapingAtExit = true;
  let received = Buffer.alloc(0);
  const take = (chunk: Buffer) => {
    received = Buffer.concat([received, chunk]);
    for (; received.length >= 4; received = received.subarray(4)) reap(received.readInt32LE(0));
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

function startNode(bootstrapArgs: string[] = []): Started {
  const args = [...childLoaderArgv(childExecArgv()), fileURLToPath(BOOTSTRAP_URL), ...bootstrapArgs];
  const child = childProcess().spawn(process.execPath, args, {
    stdio: ['ignore', 'inherit', 'inherit', 'pipe'],
    env: { ...process.env, MULTIPROC_ROOT_PID: String(rootPid) },
  });
  const channel = child.stdio[3] as Socket;
  // A child that dies before reading its payload makes our write fail; its exit is reported through `exited`.
  channel.on('error', () => {});
  channel.unref();
  const readHelperPid = reapExitHelper(channel);
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
  const transpiled = transpiledForChild();
  channel.write(framePayload(transpiled === undefined ? payload : { ...payload, header: { ...payload.header, transpiled } }));
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

let spare: Started | null = null;
let preload: string[] = [];

/** A forkserver child's bootstrap arguments: whether it was started ahead, what it imports before its payload. */
function forkserverArgs(warm: boolean): string[] {
  const args = warm ? [SPARE_FLAG] : [];
  if (preload.length === 0) return args;
  const request: PreloadRequest = { modules: preload, parentPid: process.pid, parentName: ownIdentity().name, mainThread: isMainThread };
  return [...args, PRELOAD_FLAG, JSON.stringify(request)];
}

/** The module URLs forkserver children import before their payload; an idle spare that loaded others is replaced. */
export function setPreloadModules(urls: string[]): void {
  const same = urls.length === preload.length && urls.every((url, i) => url === preload[i]);
  preload = [...urls];
  if (same || spare === null) return;
  spare.child.kill('SIGKILL');
  spare = null;
  startSpare();
}

function startSpare(): void {
  if (spare !== null) return;
  const started = startNode(forkserverArgs(true));
  // An idle spare must not keep the parent alive; it exits by itself when the parent goes (end of fd 3).
  started.child.unref();
  started.exited.then(() => {
    if (spare === started) spare = null;
  });
  spare = started;
}

/** 'forkserver': the warm spare takes the payload (started now if there is none); the next spare boots after it. */
export function launchForkserver(payload: ChildPayload): ChildHandle {
  const started = spare ?? startNode(forkserverArgs(false));
  spare = null;
  started.child.ref();
  startSpareAfter(started.exited, startSpare);
  return hand(started, forSpare(payload));
}
