// Python's exitcode convention: the exit status, or -N for a process ended by signal N.
import { constants } from 'node:os';

export function exitcodeOf(code: number | null, signal: NodeJS.Signals | null): number {
  if (signal !== null) return -(constants.signals[signal] ?? 0);
  return code ?? 0;
}
