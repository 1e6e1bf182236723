// What the kernel says about other processes (Linux /proc): one reader of /proc/<pid>/stat and one answer to
// "is this process alive?" for every layer — lock holders, pipe and queue holders, the resource tracker, parentProcess().
import { readFileSync } from 'node:fs';
import { constants } from 'node:os';

/** The signal that cannot be caught: what a parent-death signal and kill() send. */
export const SIGKILL = constants.signals.SIGKILL;

/** The fields of /proc/<pid>/stat this library reads. */
export interface ProcessStat {
  /** R, S, D, … ; Z (zombie) and X (dead) mean the process has exited and only its parent has not reaped it. */
  readonly state: string;
  readonly ppid: number;
  /** Clock ticks since boot when the process started: with the pid, it names one process even after pid reuse. */
  readonly startTime: string;
}

/** /proc/<pid>/stat, or null when there is no such process or /proc cannot be read. */
export function readProcessStat(pid: number): ProcessStat | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return null;
  }
  // The command name (field 2) may hold spaces and parentheses: the fields after it start past the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0], ppid: Number(fields[1]), startTime: fields[19] ?? '' };
}

function hasExited(stat: ProcessStat): boolean {
  return stat.state === 'Z' || stat.state === 'X';
}

/**
 * Whether a process exists and has not exited (a zombie has exited). The kill(pid, 0) probe decides existence (EPERM:
 * it exists, another user's); /proc then tells a zombie apart. Where /proc cannot be read, the probe's answer stands.
 */
export function isProcessAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const stat = readProcessStat(pid);
  return stat === null || !hasExited(stat);
}

/**
 * The start time of a live process, to recognise it later; null when it is not alive. '' when it is alive but /proc
 * cannot be read: then every later look at the same pid gives '' too, and it counts as the same process while alive.
 */
export function processStartTime(pid: number): string | null {
  if (!isProcessAlive(pid)) return null;
  const stat = readProcessStat(pid);
  if (stat === null) return isProcessAlive(pid) ? '' : null;
  return hasExited(stat) ? null : stat.startTime;
}
