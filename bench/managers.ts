// A manager's dict from a client process against Python's Manager().dict(), in the same run: set+get round trips
// awaited one by one (latency-bound: each call waits for its reply), and the same calls with 64 in flight (what a
// promise-based proxy allows: Python's proxy blocks its thread on every call). Medians of several runs.
//   node --import tsx bench/managers.ts [--json] [--quick]
import { spawnSync } from 'node:child_process';
import { Manager, type DictProxy } from '../src/managers/index.js';
import { isEntry, median, printTable, type Row } from './stats.js';

export interface BenchManagersOptions {
  /** Runs per subject (median taken); default 3. */
  runs?: number;
  /** Fewer calls (a smoke run). */
  quick?: boolean;
  /** Compare with python3 when it is installed (default true). */
  python?: boolean;
}

const PY_DICT = `
import sys, time, json
from multiprocessing import Manager
if __name__ == '__main__':
    n = int(sys.argv[1])
    with Manager() as m:
        d = m.dict()
        for i in range(200):
            d[i % 100] = i; d.get(i % 100)
        t = time.perf_counter()
        for i in range(n):
            d[i % 100] = i
            d.get(i % 100)
        dt = time.perf_counter() - t
    print(json.dumps({'calls': 2 * n, 'seconds': dt}))
`;

interface Timing {
  calls: number;
  seconds: number;
}

async function sequential(d: DictProxy<number, number>, n: number): Promise<Timing> {
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    await d.set(i % 100, i);
    await d.get(i % 100);
  }
  return { calls: 2 * n, seconds: (performance.now() - start) / 1000 };
}

async function inFlight(d: DictProxy<number, number>, n: number, width: number): Promise<Timing> {
  const start = performance.now();
  for (let i = 0; i < n; i += width) {
    const calls: Promise<unknown>[] = [];
    for (let j = i; j < Math.min(n, i + width); j++) calls.push(d.set(j % 100, j), d.get(j % 100));
    await Promise.all(calls);
  }
  return { calls: 2 * n, seconds: (performance.now() - start) / 1000 };
}

function runPython(n: number): Timing | null {
  const result = spawnSync('python3', ['-c', PY_DICT, String(n)], { encoding: 'utf8', timeout: 300_000 });
  if (result.status !== 0) return null;
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!) as Timing;
}

function hasPython(): boolean {
  return spawnSync('python3', ['-c', 'import multiprocessing'], { encoding: 'utf8' }).status === 0;
}

const rate = (t: Timing) => t.calls / t.seconds;
const latencyUs = (t: Timing) => (t.seconds / t.calls) * 1e6;

/** Rows: calls/s and µs per call for each subject; ratios against Python's sequential calls. */
export async function benchManagers(options: BenchManagersOptions = {}): Promise<Row[]> {
  const runs = options.runs ?? 3;
  const n = options.quick ? 2000 : 20_000;
  const python = (options.python ?? true) && hasPython();
  const ours = { sequential: [] as Timing[], inFlight: [] as Timing[] };
  {
    await using manager = await Manager();
    const d = await manager.dict<number, number>();
    await sequential(d, 500); // warm-up: connection, code paths
    for (let r = 0; r < runs; r++) {
      ours.sequential.push(await sequential(d, n));
      ours.inFlight.push(await inFlight(d, n, 64));
    }
  }
  const theirs = python ? Array.from({ length: runs }, () => runPython(Math.min(n, 10_000))).filter((t): t is Timing => t !== null) : [];
  const pyRate = theirs.length > 0 ? median(theirs.map(rate)) : undefined;
  const workload = 'Manager().dict(): set + get round trips';
  const row = (subject: string, timings: Timing[], note?: string): Row[] => {
    const value = median(timings.map(rate));
    return [
      { workload, subject, value, unit: 'calls/s', ratio: pyRate === undefined ? undefined : value / pyRate, note },
      { workload: `${workload}: latency`, subject, value: median(timings.map(latencyUs)), unit: 'µs/call' },
    ];
  };
  const rows = [
    ...row('multiproc, awaited one by one', ours.sequential),
    ...row('multiproc, 64 calls in flight', ours.inFlight, 'latency here = wall time / calls'),
  ];
  if (pyRate !== undefined) rows.push(...row('Python multiprocessing', theirs, 'blocking proxy: one call at a time per thread'));
  else rows.push({ workload, subject: 'Python multiprocessing', value: NaN, unit: 'calls/s', note: 'python3 not found: no comparison' });
  return rows;
}

if (isEntry(import.meta.url)) {
  const rows = await benchManagers({ quick: process.argv.includes('--quick') });
  if (process.argv.includes('--json')) console.log(JSON.stringify(rows, null, 2));
  else printTable(rows);
}
