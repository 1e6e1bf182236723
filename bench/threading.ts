// Benchmark: what starting and joining one thread costs. multiproc/threading's Thread (from source under tsx, and
// from the compiled dist/ when it exists) against Python's threading.Thread and against a bare `new Worker`.
//   node --import tsx bench/threading.ts [--json] [--repetitions N]
// Under tsx every new worker registers tsx itself before it imports anything (Node 20 workers do not inherit loader
// hooks), so the tsx figures measure that too; the dist figures are what users of the published package pay.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { isMainProcess } from '../src/index.js';
import { Thread } from '../src/threading/index.js';

const HERE = fileURLToPath(import.meta.url);
const ROOT = resolve(dirname(HERE), '..');
// From the source, the build in dist/; built (an installed package), this file is itself in dist/bench/.
const DIST = HERE.endsWith('.ts') ? join(ROOT, 'dist') : ROOT;
const DIST_THREADING = join(DIST, 'threading', 'index.js');

/** What benchThreading() accepts. */
export interface BenchThreadingOptions {
  /** Start+join cycles measured per subject, after one warm-up cycle. */
  repetitions?: number;
}

/** One line of the result table: the median time of one start+join. */
export interface BenchThreadingRow {
  subject: string;
  repetitions: number;
  medianMs: number;
  /** medianMs over Python's threading.Thread start+join. */
  ratioToPython: number;
  /** medianMs over a bare eval'd Worker (no tsx, no library). */
  ratioToBareWorker: number;
  note: string;
}

/** The thread's work in every subject: nothing, so that only starting and joining is measured. */
export function noop(): void {}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

async function timeEach(repetitions: number, once: () => Promise<void>): Promise<number[]> {
  await once();
  const times: number[] = [];
  for (let i = 0; i < repetitions; i++) {
    const start = performance.now();
    await once();
    times.push(performance.now() - start);
  }
  return times;
}

/** Thread start + join from source (this process runs under tsx, so each thread registers tsx). */
function measureThreadHere(repetitions: number): Promise<number[]> {
  return timeEach(repetitions, async () => {
    const thread = new Thread({ target: noop });
    thread.start();
    await thread.join();
  });
}

/** A Worker running `code` (eval'd), from construction to its exit. */
function measureWorker(repetitions: number, code: string): Promise<number[]> {
  return timeEach(repetitions, () => new Promise<void>((done, fail) => {
    const worker = new Worker(code, { eval: true, execArgv: [] });
    worker.once('error', fail);
    worker.once('exit', () => done());
  }));
}

// Built (an installed package, no tsx), the two tsx rows are left out.
const FROM_SOURCE = HERE.endsWith('.ts');
const TSX_REGISTER = FROM_SOURCE ? `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => tsx.register())` : '';

/** Thread start + join from dist/ in a plain `node` (no tsx anywhere), through a throwaway ES module. */
function measureThreadCompiled(repetitions: number): number[] | null {
  if (!existsSync(DIST_THREADING)) return null;
  const dir = mkdtempSync(join(tmpdir(), 'multiproc-bench-'));
  try {
    const script = join(dir, 'bench-thread.mjs');
    writeFileSync(script, [
      `import { isMainProcess } from ${JSON.stringify(pathToFileURL(join(DIST, 'index.js')).href)};`,
      `import { Thread } from ${JSON.stringify(pathToFileURL(DIST_THREADING).href)};`,
      'export function noop() {}',
      'if (isMainProcess()) {',
      '  const once = async () => { const t = new Thread({ target: noop }); t.start(); await t.join(); };',
      '  await once();',
      '  const times = [];',
      `  for (let i = 0; i < ${repetitions}; i++) { const s = performance.now(); await once(); times.push(performance.now() - s); }`,
      '  process.stdout.write(JSON.stringify(times));',
      '}',
    ].join('\n'));
    const child = spawnSync(process.execPath, [script], { encoding: 'utf8', timeout: 300_000 });
    if (child.status !== 0) throw new Error(`compiled bench failed: ${child.stderr}`);
    return JSON.parse(child.stdout) as number[];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const PYTHON = `
import json, sys, threading, time
def noop():
    pass
def once():
    t = threading.Thread(target=noop)
    t.start()
    t.join()
once()
times = []
for _ in range(int(sys.argv[1])):
    s = time.perf_counter()
    once()
    times.append((time.perf_counter() - s) * 1000)
print(json.dumps(times))
`;

/** Python's threading.Thread start + join, in python3 on this machine, or null without python3. */
function measurePython(repetitions: number): number[] | null {
  const child = spawnSync('python3', ['-c', PYTHON, String(repetitions)], { encoding: 'utf8', timeout: 120_000 });
  if (child.error !== undefined || child.status !== 0) return null;
  return JSON.parse(child.stdout) as number[];
}

/** Runs every subject in this run and returns one row each (medians; ratios against Python and a bare Worker). */
export async function benchThreading(options: BenchThreadingOptions = {}): Promise<BenchThreadingRow[]> {
  const repetitions = options.repetitions ?? 15;
  const measured: [string, number[] | null, string][] = [
    ['python threading.Thread', measurePython(repetitions), 'python3 -c, an OS thread sharing the interpreter'],
    ['bare new Worker', await measureWorker(repetitions, ''), "eval'd empty worker, execArgv []"],
    ...(FROM_SOURCE ? [['new Worker + tsx register', await measureWorker(repetitions, TSX_REGISTER), 'what every worker pays under tsx before any import'] as [string, number[] | null, string]] : []),
    ['Thread (dist, plain node)', measureThreadCompiled(repetitions), existsSync(DIST_THREADING) ? 'compiled build: what package users pay' : 'dist/ missing: run npm run build'],
    ...(FROM_SOURCE ? [['Thread (src under tsx)', await measureThreadHere(repetitions), 'each thread registers tsx and loads the library from .ts'] as [string, number[] | null, string]] : []),
  ];
  const medians = measured.map(([subject, times, note]) => ({ subject, note, medianMs: times === null ? NaN : median(times) }));
  const pythonMs = medians[0]!.medianMs;
  const workerMs = medians[1]!.medianMs;
  return medians.map(({ subject, note, medianMs }) => ({
    subject, repetitions, medianMs, ratioToPython: medianMs / pythonMs, ratioToBareWorker: medianMs / workerMs, note,
  }));
}

/** The rows as an aligned text table. */
export function formatThreadingTable(rows: BenchThreadingRow[]): string {
  const header = ['start+join of one thread', 'reps', 'median ms', 'vs python', 'vs bare Worker', 'note'];
  const fmt = (n: number, digits: number) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
  const lines = rows.map((row) => [
    row.subject, String(row.repetitions), fmt(row.medianMs, 3), `${fmt(row.ratioToPython, 0)}x`, `${fmt(row.ratioToBareWorker, 2)}x`, row.note,
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column]!.length)));
  const render = (cells: string[]): string => cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ');
  return [render(header), render(widths.map((width) => '-'.repeat(width))), ...lines.map(render)].join('\n');
}

async function main(argv: string[]): Promise<void> {
  const index = argv.indexOf('--repetitions');
  const rows = await benchThreading({ repetitions: index >= 0 ? Number(argv[index + 1]) : undefined });
  console.log(argv.includes('--json') ? JSON.stringify(rows, null, 2) : formatThreadingTable(rows));
}

// Threads import this module to find noop(): only the process the user started runs the benchmark.
if (isMainProcess() && process.argv[1] !== undefined && resolve(process.argv[1]) === HERE) await main(process.argv.slice(2));
