// Synchronization benchmarks against Python's multiprocessing, in the same run: `node --import tsx bench/sync.ts`
// prints a table (`--json` prints JSON). Each figure is the median of several repetitions.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { isMainProcess } from '../src/process/index.js';
import { getContext } from '../src/index.js';
import { Value } from '../src/sharedctypes/index.js';
import { Barrier, Lock, Semaphore } from '../src/sync/index.js';
import { hammerLock, incrementValue } from './sync-targets.js';

export interface BenchRow {
  name: string;
  /** Nanoseconds per operation, median over the repetitions. */
  nodeNs: number;
  pythonNs: number | null;
  /** nodeNs / pythonNs (lower is better), or null without Python. */
  ratio: number | null;
  target: string;
}

export interface BenchOptions {
  repetitions?: number;
  /** Iterations of the uncontended loops. */
  iterations?: number;
  /** Increments per process in the two-process benchmarks. */
  perProcess?: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function uncontendedSync(iterations: number): number {
  const lock = new Lock();
  const start = performance.now();
  for (let i = 0; i < iterations; i++) {
    lock.acquireSync();
    lock.release();
  }
  return ((performance.now() - start) * 1e6) / iterations;
}

async function uncontendedAsync(iterations: number): Promise<number> {
  const lock = new Lock();
  const start = performance.now();
  for (let i = 0; i < iterations; i++) {
    await lock.acquire();
    lock.release();
  }
  return ((performance.now() - start) * 1e6) / iterations;
}

/** Two processes run `target` `perProcess` times each, started together; ns per operation of the pair. */
async function twoProcesses(kind: 'value' | 'lock', perProcess: number): Promise<number> {
  const { Process } = getContext('spawn');
  const start = new Barrier(3);
  const done = new Semaphore(0);
  const value = Value('i', 0);
  const lock = new Lock();
  const children = [0, 1].map(
    () => (kind === 'value'
      ? new Process({ target: incrementValue, args: [value, perProcess, start, done] })
      : new Process({ target: hammerLock, args: [lock, perProcess, start, done] })),
  );
  for (const p of children) p.start();
  await start.wait(60_000);
  const t0 = performance.now();
  for (let i = 0; i < 2; i++) if (!(await done.acquire({ timeout: 120_000 }))) throw new Error('a benchmark child did not finish');
  const elapsed = performance.now() - t0;
  await Promise.all(children.map((p) => p.join(30_000)));
  if (kind === 'value' && value.value !== 2 * perProcess) throw new Error(`lost increments: ${value.value}`);
  return (elapsed * 1e6) / (2 * perProcess);
}

const PYTHON = `
import json, sys, time, multiprocessing as mp
reps, iterations, per = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
def med(xs): return sorted(xs)[len(xs)//2]
def inc(v, n, start, done):
    start.wait()
    for _ in range(n):
        with v.get_lock(): v.value += 1
    done.release()
def hammer(l, n, start, done):
    start.wait()
    for _ in range(n):
        l.acquire(); l.release()
    done.release()
def pair(kind):
    start, done = mp.Barrier(3), mp.Semaphore(0)
    obj = mp.Value('i', 0) if kind == 'value' else mp.Lock()
    ps = [mp.Process(target=inc if kind == 'value' else hammer, args=(obj, per, start, done)) for _ in range(2)]
    for p in ps: p.start()
    start.wait(); t = time.perf_counter()
    done.acquire(); done.acquire()
    el = time.perf_counter() - t
    for p in ps: p.join()
    return el * 1e9 / (2 * per)
if __name__ == '__main__':
    out = {}
    l = mp.Lock(); a, r = l.acquire, l.release
    xs = []
    for _ in range(reps):
        t = time.perf_counter()
        for _ in range(iterations): a(); r()
        xs.append((time.perf_counter() - t) * 1e9 / iterations)
    out['lock'] = med(xs)
    out['value'] = med([pair('value') for _ in range(reps)])
    out['contended'] = med([pair('lock') for _ in range(reps)])
    print(json.dumps(out))
`;

function runPython(repetitions: number, iterations: number, perProcess: number): Record<string, number> | null {
  const result = spawnSync('python3', ['-c', PYTHON, String(repetitions), String(iterations), String(perProcess)], { encoding: 'utf8', timeout: 600_000 });
  if (result.status !== 0) return null;
  return JSON.parse(result.stdout.trim().split('\n').pop()!) as Record<string, number>;
}

/** Runs every benchmark and returns one row per figure. */
export async function benchSync(options: BenchOptions = {}): Promise<BenchRow[]> {
  const repetitions = options.repetitions ?? 5;
  const iterations = options.iterations ?? 2_000_000;
  const perProcess = options.perProcess ?? 200_000;
  const sync: number[] = [];
  const asyncNs: number[] = [];
  const value: number[] = [];
  const contended: number[] = [];
  uncontendedSync(iterations); // warm up the JIT
  await uncontendedAsync(iterations / 10);
  for (let i = 0; i < repetitions; i++) {
    sync.push(uncontendedSync(iterations));
    asyncNs.push(await uncontendedAsync(iterations / 4));
    value.push(await twoProcesses('value', perProcess));
    contended.push(await twoProcesses('lock', perProcess));
  }
  const python = runPython(repetitions, iterations, perProcess);
  const row = (name: string, nodeNs: number, pythonNs: number | null, target: string): BenchRow => ({
    name,
    nodeNs,
    pythonNs,
    ratio: pythonNs === null ? null : nodeNs / pythonNs,
    target,
  });
  const syncNs = median(sync);
  return [
    row('Lock acquireSync+release, uncontended', syncNs, python?.lock ?? null, '<= 0.5x Python'),
    row('Lock await acquire()+release, uncontended', median(asyncNs), python?.lock ?? null, `<= 10x the sync path (${(median(asyncNs) / syncNs).toFixed(1)}x)`),
    row(`Value += 1 under its lock, 2 processes x ${perProcess}`, median(value), python?.value ?? null, '<= 0.25x Python'),
    row(`Lock acquire+release, 2 processes x ${perProcess}, contended`, median(contended), python?.contended ?? null, 'report'),
  ];
}

function printTable(rows: BenchRow[]): void {
  const fmt = (n: number | null, digits = 1) => (n === null ? 'n/a' : n.toFixed(digits));
  console.log(`${'benchmark'.padEnd(58)} ${'node ns/op'.padStart(11)} ${'python ns/op'.padStart(13)} ${'ratio'.padStart(7)}  target`);
  for (const r of rows) {
    console.log(`${r.name.padEnd(58)} ${fmt(r.nodeNs).padStart(11)} ${fmt(r.pythonNs).padStart(13)} ${fmt(r.ratio, 2).padStart(7)}  ${r.target}`);
  }
  if (rows.some((r) => r.pythonNs === null)) console.log('(python3 not found or failed: Python columns skipped)');
}

if (isMainProcess() && process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const json = process.argv.includes('--json');
  const rows = await benchSync();
  if (json) console.log(JSON.stringify(rows, null, 2));
  else printTable(rows);
}
