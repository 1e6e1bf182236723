// Entry of every child: a process started by 'spawn'/'forkserver' reads its payload from fd 3, a 'thread' child gets
// it as workerData. Processes also watch fd 3 for the parent's death (end of file) and ask the kernel for SIGKILL
// when the parent dies, so that no child outlives its parent even while busy.
import { readSync } from 'node:fs';
import { Socket } from 'node:net';
import { isMainThread, workerData } from 'node:worker_threads';
import { native } from '../shm/native.js';
import { runChild } from './child.js';
import { readPayload, type ChildPayload } from './wire.js';

const PAYLOAD_FD = 3;

function readExactly(length: number): Buffer {
  const buffer = Buffer.allocUnsafe(length);
  for (let offset = 0; offset < length; ) {
    const n = readSync(PAYLOAD_FD, buffer, offset, length - offset, null);
    if (n === 0) process.exit(0); // the parent went away before handing over work (an unused warm spare)
    offset += n;
  }
  return buffer;
}

function watchParent(payload: ChildPayload): void {
  if (payload.header.mainThread && native !== null) {
    const parentNow = native.setParentDeathSignal(9);
    if (parentNow !== payload.header.parentPid) process.exit(1);
  }
  const channel = new Socket({ fd: PAYLOAD_FD, readable: true, writable: false });
  channel.on('data', () => {});
  channel.on('error', () => {});
  channel.on('close', () => process.exit(1));
  channel.unref();
}

const payload: ChildPayload = isMainThread ? readPayload(readExactly) : (workerData as ChildPayload);
if (isMainThread) watchParent(payload);
const code = await runChild(payload);
process.exit(code);
