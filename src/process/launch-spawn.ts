// The 'spawn' and 'forkserver' start methods. Both start `node <bootstrap>` with fd 3 as a pipe from the parent; the
// child reads its payload from it and takes its end-of-file as the parent's death. 'forkserver' keeps one such
// child started ahead of time (a warm spare), hands it the next payload, and starts a new spare in the background.
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Socket } from 'node:net';
import { rootPid } from '../shm/root.js';
import { exitcodeOf } from './exitcode.js';
import { BOOTSTRAP_URL, childExecArgv, SPARE_FLAG, startSpareAfter, type ChildHandle } from './handle.js';
import { forSpare, framePayload, type ChildPayload } from './wire.js';
import { lazyBuiltin } from '../lazy-builtin.js';

const childProcess = lazyBuiltin<typeof import('node:child_process')>('node:child_process');

interface Started {
  child: ChildProcess;
  channel: Socket;
  exited: Promise<number>;
}

function startNode(spare = false): Started {
  const args = [...childExecArgv(), fileURLToPath(BOOTSTRAP_URL), ...(spare ? [SPARE_FLAG] : [])];
  const child = childProcess().spawn(process.execPath, args, {
    stdio: ['ignore', 'inherit', 'inherit', 'pipe'],
    env: { ...process.env, MULTIPROC_ROOT_PID: String(rootPid) },
  });
  const channel = child.stdio[3] as Socket;
  // A child that dies before reading its payload makes our write fail; its exit is reported through `exited`.
  channel.on('error', () => {});
  channel.unref();
  const exited = new Promise<number>((resolve) => {
    child.once('exit', (code, signal) => {
      channel.destroy();
      resolve(exitcodeOf(code, signal));
    });
    child.once('error', () => resolve(1));
  });
  return { child, channel, exited };
}

function hand(started: Started, payload: ChildPayload): ChildHandle {
  const { child, channel, exited } = started;
  channel.write(framePayload(payload));
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

function startSpare(): void {
  if (spare !== null) return;
  const started = startNode(true);
  // An idle spare must not keep the parent alive; it exits by itself when the parent goes (end of fd 3).
  started.child.unref();
  started.exited.then(() => {
    if (spare === started) spare = null;
  });
  spare = started;
}

/** 'forkserver': the warm spare takes the payload (started now if there is none); the next spare boots after it. */
export function launchForkserver(payload: ChildPayload): ChildHandle {
  const started = spare ?? startNode();
  spare = null;
  started.child.ref();
  startSpareAfter(started.exited, startSpare);
  return hand(started, forSpare(payload));
}
