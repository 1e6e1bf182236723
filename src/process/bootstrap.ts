// Entry of every child: a process started by 'spawn'/'forkserver' reads its payload from fd 3, a 'thread' child gets
// it as workerData or, started ahead as a warm spare, as its first message; started as the fork server, it loads what
// every child needs and forks them (forked-child.ts). A process asks the kernel for SIGKILL when its parent dies, so
// that no child outlives its parent even while busy; where it cannot (spawned from a worker thread: the signal would
// come when that thread ends), it watches fd 3 for the parent's death (end of file).
import { readSync, writeSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { lazyBuiltin } from '../lazy-builtin.js';
import { libraryModule } from '../package-root.js';
import { native } from '../platform/native.js';
import { SIGKILL } from '../platform/proc.js';
import { decode, encode } from '../serialize/index.js';
import { runChild } from './child.js';
import { flushChildCompileCache, hideChildCompileCache } from './compile-cache.js';
import { FORK_SERVER_FLAG, PRELOAD_FLAG, SPARE_FLAG, SPARE_READY, WRITES_AT_EXIT, type PreloadRequest } from './handle.js';
import { isForkedChild, serveForks } from './forked-child.js';
import { becomeChild } from './identity.js';
import { readPayload, type ChildPayload } from './wire.js';

/** typescript-register's global (not imported: a child without it must not load it). */
const PROVIDE_TRANSPILED = Symbol.for('multiproc.provideTranspiled');

const PAYLOAD_FD = 3;

/** Reads fd 3; 0 at its end. A parent that exits with our ready report unread resets the socket instead of closing it. */
function readPipe(buffer: Buffer, offset: number, length: number): number {
  try {
    return readSync(PAYLOAD_FD, buffer, offset, length, null);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ECONNRESET') return 0;
    throw error;
  }
}

/** Only children of worker threads watch fd 3 through a stream: the others need not load node:net. */
const net = lazyBuiltin<typeof import('node:net')>('node:net');

function readExactly(length: number): Buffer {
  const buffer = Buffer.allocUnsafe(length);
  for (let offset = 0; offset < length; ) {
    const n = readPipe(buffer, offset, length - offset);
    if (n === 0) process.exit(0); // the parent went away before handing over work (an unused warm spare)
    offset += n;
  }
  return buffer;
}

function watchParent(payload: ChildPayload): void {
  if (payload.header.mainThread && native !== null) {
    const parentNow = native.setParentDeathSignal(SIGKILL);
    if (parentNow !== payload.header.parentPid) process.exit(1);
    // The kernel now ends this child with its parent; a stream on fd 3 would only slow every start (docs/architecture.md).
    return;
  }
  const channel = new (net().Socket)({ fd: PAYLOAD_FD, readable: true, writable: false });
  channel.on('data', () => {});
  channel.on('error', () => {});
  channel.on('close', () => process.exit(1));
  channel.unref();
}

/**
 * process.exit(code) without Node's teardown, as Python's child ends with os._exit(): the 'exit' listeners run as they
 * would (queues flush what they buffered), then the process ends at once. Measured from the child's last write to the
 * parent's 'exit' event: 3.0–4.5 ms with process.exit, 2.2–3.5 ms so, nearly all of it the kernel freeing the
 * process's memory: exitNow leaves that to a helper process, whose pid goes to the parent on fd 3 to be reaped.
 */
function exit(code: number): never {
  const clean = !isMainThread || native?.exitNow === undefined || process.env.NODE_V8_COVERAGE !== undefined || process.execArgv.some((flag) => WRITES_AT_EXIT.test(flag));
  if (clean) process.exit(code);
  process.exitCode = code;
  process.emit('exit', code);
  flushChildCompileCache();
  // A forked child's helper would be the fork server's child, which reaps only the children it forked.
  return native!.exitNow!(Number(process.exitCode ?? code), isForkedChild() ? undefined : PAYLOAD_FD);
}

/** A warm spare tells the parent it is up (a 0 on fd 3 for a process, a message for a thread): it keeps a few. */
function reportReady(): void {
  if (isMainThread) {
    try {
      writeSync(PAYLOAD_FD, Buffer.alloc(4));
    } catch {
      process.exit(0); // the parent went away: this spare will never be used
    }
  } else parentPort!.postMessage(SPARE_READY);
}

/** A warm spare thread waits for its payload. */
function handedPayload(): Promise<ChildPayload> {
  return new Promise((resolve) => parentPort!.once('message', resolve));
}

/** A spare started before start() takes on the parent's environment and directory as they are now. */
function inherit({ env, cwd }: NonNullable<ChildPayload['header']['inherit']>): void {
  for (const key of Object.keys(process.env)) if (!(key in env)) delete process.env[key];
  Object.assign(process.env, env);
  try {
    if (isMainThread && cwd !== process.cwd()) process.chdir(cwd);
  } catch {
    // the parent's directory is gone: a fresh child could not have started there either
  }
}

/**
 * The fork server runs the warm-up this many times before it forks. Its V8 runs single-threaded, so a function that
 * reaches the optimizing tier in a forked child is compiled there, on the start's path, in every child (a function
 * the server left just below that tier). Warmed up this much, the start path's functions are optimized in the
 * server, and every child inherits their code (docs/architecture.md, "Start-up cost of a child").
 */
const FORK_SERVER_WARM_UP_ROUNDS = 50;

/**
 * A warm spare runs once, while it waits, what every child's first moments would otherwise compile and start: the
 * codec, the dynamic import() path of a file module (each `round` imports a module of its own) and the libuv thread
 * pool that module loading uses.
 */
async function warmUp(round = 0): Promise<void> {
  decode(encode([undefined, 0n]));
  await import(`${libraryModule('process/warm-up-module').href}?${process.pid}-${round}`);
  // A thread shares its process's libuv thread pool, which the parent has started already.
  if (isMainThread) await stat(fileURLToPath(import.meta.url));
}

/**
 * setForkserverPreload()'s modules, imported before the payload says which child this becomes: as a child of no name
 * yet, so that code guarded by isMainProcess() stays out. As in Python's forkserver, a module that fails is skipped.
 */
async function preload({ modules, parentPid, parentName, mainThread }: PreloadRequest): Promise<void> {
  becomeChild({ name: 'ForkServerProcess', identity: [], daemon: false, parentPid, parentName, startMethod: 'forkserver', defaultStartMethod: 'forkserver', threadId: null, bootstrapping: 'preload' });
  // User code runs before the payload: the kernel must already end this process with its parent.
  if (mainThread && native !== null && native.setParentDeathSignal(SIGKILL) !== parentPid) process.exit(0);
  for (const url of modules) {
    try {
      await import(url);
    } catch {
      // the child that needs it imports it again and reports the error
    }
  }
}

/** Hands the small TypeScript hook (typescript-register) the parent's modules, before any module of the program loads. */
function provideTranspiled(modules: ChildPayload['header']['transpiled'] = {}): void {
  const provide = (globalThis as { [PROVIDE_TRANSPILED]?: (modules: object) => void })[PROVIDE_TRANSPILED];
  provide?.(modules);
}

if (isMainThread) hideChildCompileCache();
const isForkServer = isMainThread && process.argv.includes(FORK_SERVER_FLAG);
const isSpare = isMainThread ? process.argv.includes(SPARE_FLAG) : workerData === null;
// A child's target module nearly always imports the library by its name, whose entry the bootstrap does not load: a
// warm spare or the fork server loads it ahead (each forked child under tsx spent ~35 ms of its start on it).
if (isSpare || isForkServer) await import(libraryModule('index').href);
if (isSpare) await warmUp();
if (isForkServer) for (let round = 0; round < FORK_SERVER_WARM_UP_ROUNDS; round++) await warmUp(round);
const preloadAt = process.argv.indexOf(PRELOAD_FLAG);
if (isMainThread && preloadAt > 0) provideTranspiled();
if (isMainThread && preloadAt > 0) await preload(JSON.parse(process.argv[preloadAt + 1]) as PreloadRequest);
// The server never gets past this line; each child it forks does, and reads its payload as a spare does.
if (isForkServer) serveForks();
if (isForkServer) await warmUp();
if (isSpare) reportReady();
const payload: ChildPayload = isMainThread ? readPayload(readExactly) : ((workerData as ChildPayload | null) ?? (await handedPayload()));
if (payload.header.inherit !== undefined) inherit(payload.header.inherit);
provideTranspiled(payload.header.transpiled);
// A forked child dies with the fork server, which ends its children when the parent is gone.
if (isMainThread && !isForkedChild()) watchParent(payload);
exit(await runChild(payload));
