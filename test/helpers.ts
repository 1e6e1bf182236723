// Shared test helpers: temporary result files and bounded waiting.
import { mkdtempSync, readFileSync, readdirSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh temporary directory, removed when the returned disposer runs. */
export function tempDir(): { path: (name: string) => string; [Symbol.dispose](): void } {
  const dir = mkdtempSync(join(tmpdir(), 'multiproc-test-'));
  return { path: (name) => join(dir, name), [Symbol.dispose]: () => rmSync(dir, { recursive: true, force: true }) };
}

export function readJson<T = any>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

export { existsSync };

/** What an aborted wait rejects with when its signal carries no reason of its own (Node's convention). */
export function isAbortError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

/** The one polling helper: resolves when `check()` is true, checking every `every` ms; rejects after `timeout` ms. */
export async function eventually(check: () => boolean | Promise<boolean>, timeout = 5000, every = 20): Promise<void> {
  const deadline = performance.now() + timeout;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`condition not met within ${timeout} ms`);
    await new Promise((resolve) => setTimeout(resolve, every));
  }
}

/** True while a process with this pid exists. */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The fields of /proc/<pid>/stat after the command name (state first, then ppid, pgrp, …), or null when gone. */
export function procStatFields(pid: number | string): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/**
 * Pids of this process's children that have ended and not been reaped (zombies). The esbuild service that tsx starts
 * on a worker thread's own hooks thread (Node >= 22) is left out: that thread ends with the worker without reaping it
 * (docs/architecture.md, "Processes"), and the tests run the library from its TypeScript source under tsx.
 */
export function zombieChildren(): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      const fields = procStatFields(entry);
      return fields !== null && fields[0] === 'Z' && Number(fields[1]) === process.pid && commandOf(entry) !== 'esbuild';
    })
    .map(Number);
}

function commandOf(pid: string): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}
