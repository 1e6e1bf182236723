// Helpers for the distributed tests: machines stood in for by temporary copies of the fixture package, and real
// `multiproc worker` processes started from the CLI on them.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURE_DIR = fileURLToPath(new URL('../fixtures/distributed', import.meta.url));
const CLI = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const EXIT_WITH_PARENT = fileURLToPath(new URL('../fixtures/distributed-hooks/exit-with-parent.mjs', import.meta.url));
const READY_TIMEOUT_MS = 20_000;

/** A temporary copy of the fixture package: another machine's checkout of the same code. */
export function copyOfCode(): { root: string; [Symbol.dispose](): void } {
  const root = mkdtempSync(join(tmpdir(), 'multiproc-machine-'));
  cpSync(FIXTURE_DIR, root, { recursive: true });
  return { root, [Symbol.dispose]: () => rmSync(root, { recursive: true, force: true }) };
}

export interface WorkerProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly root: string;
  readonly stderr: () => string;
  /** SIGTERM, then waits for the exit (SIGKILL after the timeout). */
  stop(timeout?: number): Promise<number | null>;
  /** SIGKILL, then waits for the exit. */
  kill(): Promise<void>;
}

export interface WorkerSettings {
  url: string;
  prefix: string;
  processes?: number;
  lockDuration?: number;
  /** Folder to serve; a fresh copy of the fixture package when omitted. */
  root?: string;
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Starts `multiproc worker` and resolves once it says it is ready. */
export async function startWorker(settings: WorkerSettings): Promise<WorkerProcess> {
  const copy = settings.root === undefined ? copyOfCode() : null;
  const root = settings.root ?? copy!.root;
  const args = ['--import', 'tsx', '--import', EXIT_WITH_PARENT, CLI, 'worker', '--connection', settings.url, '--prefix', settings.prefix, '--root', root,
    '--processes', String(settings.processes ?? 1), '--lock-duration', String(settings.lockDuration ?? 2000)];
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'inherit', 'pipe'], env: { ...process.env, MULTIPROC_TEST_EXIT_WITH_PARENT: '1' } });
  let output = '';
  child.stderr!.setEncoding('utf8');
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`worker not ready within ${READY_TIMEOUT_MS} ms: ${output}`));
    }, READY_TIMEOUT_MS);
    child.stderr!.on('data', (text: string) => {
      output += text;
      if (output.includes(' ready ')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`worker exited with ${code} before it was ready: ${output}`));
    });
  });
  const cleanUp = () => copy?.[Symbol.dispose]();
  return {
    child,
    pid: child.pid!,
    root,
    stderr: () => output,
    async stop(timeout = 15_000) {
      const done = exited(child);
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeout);
      await done;
      clearTimeout(timer);
      cleanUp();
      return child.exitCode;
    },
    async kill() {
      const done = exited(child);
      child.kill('SIGKILL');
      await done;
      cleanUp();
    },
  };
}
