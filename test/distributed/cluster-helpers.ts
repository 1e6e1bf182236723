// Helpers for the distributed tests: machines stood in for by temporary copies of the fixture package, and real
// `multiproc worker` processes started from the CLI on them, and one harness for a block of tests on a real Redis.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Cluster } from '../../src/distributed/index.js';
import { startRedis, type RedisServer } from './redis-server.js';

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

/** One redis-server for a describe() block, and the workers and cluster handles its tests open. */
export interface ClusterHarness {
  readonly server: RedisServer;
  /** Workers still to stop after the block (a test that stops or kills one itself deletes it). */
  readonly workers: Set<WorkerProcess>;
  /** Cluster handles to close after the block. */
  readonly clusters: Cluster[];
  /** Starts a worker on this server (url defaults to the server's) and tracks it. */
  worker(settings: Omit<WorkerSettings, 'url'> & { url?: string }): Promise<WorkerProcess>;
  /** Connects a tracked cluster handle with this prefix. */
  cluster(prefix: string): Promise<Cluster>;
  /** Stops every tracked worker now. */
  stopWorkers(): Promise<void>;
}

/**
 * Registers before/after hooks in the current describe(): a fresh redis-server before, and after, every handle
 * closed, every worker stopped, the server checked empty (no key left by anything the tests did) and stopped.
 */
export function useCluster(): ClusterHarness {
  let server: RedisServer | undefined;
  const harness: ClusterHarness = {
    get server() {
      if (server === undefined) throw new Error('the redis-server starts in before()');
      return server;
    },
    workers: new Set(),
    clusters: [],
    async worker(settings) {
      const started = await startWorker({ url: harness.server.url, ...settings });
      harness.workers.add(started);
      return started;
    },
    async cluster(prefix) {
      const opened = await connect({ connection: harness.server.url, prefix });
      harness.clusters.push(opened);
      return opened;
    },
    async stopWorkers() {
      const running = [...harness.workers];
      harness.workers.clear();
      await Promise.all(running.map((started) => started.stop()));
    },
  };
  before(async () => {
    server = await startRedis();
  });
  after(async () => {
    for (const opened of harness.clusters) await opened.close();
    await harness.stopWorkers();
    if (server === undefined) return;
    const client = await connect({ connection: server.url, prefix: 'check' });
    try {
      assert.equal(await client.redis.dbsize(), 0, `keys left: ${(await client.redis.keys('*')).join(' ')}`);
    } finally {
      await client.close();
      await server.stop();
    }
  });
  return harness;
}
