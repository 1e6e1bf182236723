// The resource tracker: one small process per process tree that removes what the tree left in /dev/shm once the
// root process is gone, however it died (SIGKILL included). Started lazily by whichever process or thread of the
// tree first creates a named segment; found again through its pid file; detached and unref'd, so it never keeps
// anyone alive. User-named SharedMemory segments are listed in a registry file that every process appends to.
import { closeSync, constants, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isMainThread } from 'node:worker_threads';
import { lazyBuiltin } from '../lazy-builtin.js';
import { native } from '../platform/native.js';
import { libraryModule } from '../package-root.js';
import { openOwnFileForReading, ownsPath, removePlanted } from './own-file.js';
import { rootPid } from './root.js';
import { processStartTime } from '../platform/proc.js';
import { appendRegistry, registryPathOf, sweep, trackerPathOf } from './sweep.js';

const childProcess = lazyBuiltin<typeof import('node:child_process')>('node:child_process');

const TRACKER_MAIN = libraryModule('shm/tracker-main');

let ensured = false;

/** Node options for the tracker: a TypeScript loader when running from source, nothing else of the parent's. */
function trackerExecArgv(): string[] {
  if (!TRACKER_MAIN.pathname.endsWith('.ts')) return [];
  try {
    return ['--import', import.meta.resolve('tsx')];
  } catch {
    return ['--import', 'tsx'];
  }
}

/** The pid in the tracker's pid file, trusted only from a file of ours: our exit sends that pid SIGTERM. */
function readTrackerPid(): number | null {
  const fd = openOwnFileForReading(trackerPathOf(rootPid));
  if (fd === null) return null;
  try {
    const pid = Number.parseInt(readFileSync(fd, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

let warned = false;

/** Says once why named segments of this tree will not be removed after a crash. */
function warnNoTracker(path: string): null {
  if (!warned) {
    warned = true;
    process.emitWarning(`${path} belongs to another user and cannot be removed: no resource tracker for this process tree`, 'MultiprocWarning');
  }
  return null;
}

/** Claims the pid file; false when a live tracker (or one being started) already holds it. */
function claimPidFile(): number | null {
  const path = trackerPathOf(rootPid);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      return openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return null;
      // Somebody else's file under our name would keep our tracker from starting: remove it if we can.
      if (!ownsPath(path)) {
        if (!removePlanted(path)) return warnNoTracker(path);
        continue;
      }
      const pid = readTrackerPid();
      // An empty file is a tracker being started right now by another process.
      if (pid === null || processStartTime(pid) !== null) return null;
      try {
        unlinkSync(path); // a stale file: its tracker died
      } catch {
        // someone else replaced it first
      }
    }
  }
  return null;
}

/** Makes sure this tree has a tracker; cheap after the first call in a thread. Needs no addon to run. */
/**
 * The root's start time as other processes read it; '' from the root itself, and the tracker reads it: a process's
 * look at its own /proc entry can differ from everyone else's (an emulator such as qemu-user answers it itself).
 */
function rootStartTimeForTracker(): string {
  return rootPid === process.pid ? '' : (processStartTime(rootPid) ?? '');
}

export function ensureTracker(): void {
  if (ensured || native === null) return;
  ensured = true;
  const fd = claimPidFile();
  if (fd === null) return;
  try {
    const child = childProcess().spawn(process.execPath, [...trackerExecArgv(), fileURLToPath(TRACKER_MAIN), String(rootPid), rootStartTimeForTracker()], {
      detached: true,
      stdio: 'ignore',
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    child.on('error', () => {});
    child.unref();
    if (child.pid !== undefined) writeSync(fd, String(child.pid));
  } finally {
    closeSync(fd);
  }
}

/** Lists a user-named segment this tree created, so that the tracker unlinks it if nobody else does. */
export function registerUserSegment(name: string): void {
  ensureTracker();
  if (!appendRegistry(rootPid, `+${name}`)) warnNoTracker(registryPathOf(rootPid));
}

/** Takes a user-named segment off the list once it has been unlinked. */
export function unregisterUserSegment(name: string): void {
  try {
    appendRegistry(rootPid, `-${name}`);
  } catch {
    // the registry is gone: the tree is being cleaned up already
  }
}

/** The root's normal exit: remove everything now, synchronously, and let the tracker go. */
function cleanUpAtRootExit(): void {
  const trackerPid = readTrackerPid();
  sweep(rootPid);
  if (trackerPid !== null && processStartTime(trackerPid) !== null) {
    try {
      process.kill(trackerPid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}

if (isMainThread && process.pid === rootPid) process.on('exit', cleanUpAtRootExit);
