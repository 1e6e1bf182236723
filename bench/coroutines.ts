// Benchmark: per-item overhead of multiproc/coroutines Pool(n).map against p-map and p-limit on the same work.
// Each (library, workload) pair runs in a fresh child process: the first greenlet turns on AsyncLocalStorage,
// which makes every later promise in that process slower, so sharing a process would penalise whoever runs next.
//   node --import tsx bench/coroutines.ts [--json] [--items N] [--yield-items N] [--concurrency N] [--repetitions N] [--rounds N]
import { spawnSync } from 'node:child_process';
import { AsyncLocalStorage } from 'node:async_hooks';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importComparison, notInstalled } from './optional.js';
import { Pool } from '../src/coroutines/index.js';

/** The libraries compared; `p-map+als` is p-map in a process where AsyncLocalStorage is already on. */
export const CONTENDERS = ['coroutines.Pool.map', 'p-map', 'p-limit', 'p-map+als'] as const;
export type Contender = (typeof CONTENDERS)[number];

/** `double`: `async x => x * 2`; `yield`: the same after one setImmediate turn (I/O-like yielding). */
export const WORKLOADS = ['double', 'yield'] as const;
export type Workload = (typeof WORKLOADS)[number];

/** What benchCoroutines() accepts; every field has a default. */
export interface BenchCoroutinesOptions {
  items?: number;
  yieldItems?: number;
  concurrency?: number;
  repetitions?: number;
  /** Each round runs every contender once, in turn, so that machine noise hits them alike; medians span all rounds. */
  rounds?: number;
  contenders?: readonly Contender[];
  workloads?: readonly Workload[];
}

/** One line of the result table. */
export interface BenchCoroutinesRow {
  workload: Workload;
  contender: Contender;
  items: number;
  concurrency: number;
  repetitions: number;
  medianMs: number;
  medianNsPerItem: number;
  /** This contender's median over p-map's (lower is better; 1.5 is the target for the coroutine pool). */
  ratioToPMap: number;
  ratioToPLimit: number;
}

const HERE = fileURLToPath(import.meta.url);
const ROOT = resolve(dirname(HERE), '..');

const yieldTurn = (): Promise<void> => new Promise((done) => setImmediate(done));
const WORK: Record<Workload, (x: number) => Promise<number>> = {
  double: async (x) => x * 2,
  yield: async (x) => {
    await yieldTurn();
    return x * 2;
  },
};

const pMap = (await importComparison<typeof import('p-map')>('p-map'))?.default;
const pLimit = (await importComparison<typeof import('p-limit')>('p-limit'))?.default;

/** The contenders this install can run (p-map and p-limit are dev dependencies). */
function installed(contender: Contender): boolean {
  return contender.startsWith('p-map') ? pMap !== undefined : contender === 'p-limit' ? pLimit !== undefined : true;
}

async function runOnce(contender: Contender, work: (x: number) => Promise<number>, items: number[], concurrency: number): Promise<number[]> {
  switch (contender) {
    case 'coroutines.Pool.map':
      return new Pool(concurrency).map(work, items);
    case 'p-map':
    case 'p-map+als':
      return pMap!(items, work, { concurrency });
    case 'p-limit': {
      const limit = pLimit!(concurrency);
      return Promise.all(items.map((x) => limit(work, x)));
    }
  }
}

/** Runs one pair in this process and returns the time of each repetition (ms), after one warm-up run. */
async function measureHere(contender: Contender, workload: Workload, count: number, concurrency: number, repetitions: number): Promise<number[]> {
  if (contender === 'p-map+als') new AsyncLocalStorage().run(0, () => undefined);
  const items = Array.from({ length: count }, (_, i) => i);
  const work = WORK[workload];
  const check = await runOnce(contender, work, items, concurrency);
  if (check.length !== count || check[count - 1] !== (count - 1) * 2) throw new Error(`${contender} gave a wrong result`);
  const times: number[] = [];
  for (let rep = 0; rep < repetitions; rep++) {
    const start = performance.now();
    await runOnce(contender, work, items, concurrency);
    times.push(performance.now() - start);
  }
  return times;
}

function measureInChild(contender: Contender, workload: Workload, count: number, concurrency: number, repetitions: number): number[] {
  const args = [...process.execArgv, HERE, '--child', contender, workload, String(count), String(concurrency), String(repetitions)];
  const child = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`bench child ${contender}/${workload} failed: ${child.stderr}`);
  return JSON.parse(child.stdout) as number[];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Runs the comparison (each pair in its own process) and returns one row per workload and contender. */
export async function benchCoroutines(options: BenchCoroutinesOptions = {}): Promise<BenchCoroutinesRow[]> {
  const concurrency = options.concurrency ?? 8;
  const repetitions = options.repetitions ?? 5;
  const rounds = options.rounds ?? 3;
  const wanted = options.contenders ?? CONTENDERS;
  const contenders = wanted.filter(installed);
  for (const absent of wanted.filter((contender) => !installed(contender))) console.error(`coroutines bench: ${notInstalled(absent.replace('+als', ''))}`);
  const rows: BenchCoroutinesRow[] = [];
  for (const workload of options.workloads ?? WORKLOADS) {
    const count = workload === 'yield' ? (options.yieldItems ?? 20_000) : (options.items ?? 100_000);
    const times = new Map<Contender, number[]>(contenders.map((contender) => [contender, []]));
    for (let round = 0; round < rounds; round++) {
      for (const contender of contenders) times.get(contender)!.push(...measureInChild(contender, workload, count, concurrency, repetitions));
    }
    const medians = new Map<Contender, number>(contenders.map((contender) => [contender, median(times.get(contender)!)]));
    const pMapMs = medians.get('p-map') ?? NaN;
    const pLimitMs = medians.get('p-limit') ?? NaN;
    for (const [contender, medianMs] of medians) {
      rows.push({
        workload, contender, items: count, concurrency, repetitions: repetitions * rounds, medianMs,
        medianNsPerItem: (medianMs * 1e6) / count,
        ratioToPMap: medianMs / pMapMs,
        ratioToPLimit: medianMs / pLimitMs,
      });
    }
  }
  return rows;
}

/** The rows as an aligned text table. */
export function formatBenchTable(rows: BenchCoroutinesRow[]): string {
  const header = ['workload', 'contender', 'items', 'conc', 'median ms', 'ns/item', 'vs p-map', 'vs p-limit'];
  const lines = rows.map((row) => [
    row.workload, row.contender, String(row.items), String(row.concurrency), row.medianMs.toFixed(1),
    row.medianNsPerItem.toFixed(0), `${row.ratioToPMap.toFixed(2)}x`, `${row.ratioToPLimit.toFixed(2)}x`,
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column]!.length)));
  const render = (cells: string[]): string => cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ');
  return [render(header), render(widths.map((width) => '-'.repeat(width))), ...lines.map(render)].join('\n');
}

function numberFlag(argv: string[], name: string): number | undefined {
  const index = argv.indexOf(name);
  return index >= 0 ? Number(argv[index + 1]) : undefined;
}

async function main(argv: string[]): Promise<void> {
  if (argv[0] === '--child') {
    const [, contender, workload, count, concurrency, repetitions] = argv;
    const times = await measureHere(contender as Contender, workload as Workload, Number(count), Number(concurrency), Number(repetitions));
    process.stdout.write(JSON.stringify(times));
    return;
  }
  const rows = await benchCoroutines({
    items: numberFlag(argv, '--items'),
    yieldItems: numberFlag(argv, '--yield-items'),
    concurrency: numberFlag(argv, '--concurrency'),
    repetitions: numberFlag(argv, '--repetitions'),
    rounds: numberFlag(argv, '--rounds'),
  });
  console.log(argv.includes('--json') ? JSON.stringify(rows, null, 2) : formatBenchTable(rows));
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === HERE) await main(process.argv.slice(2));
