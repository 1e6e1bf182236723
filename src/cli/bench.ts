// `multiproc bench`: runs every bench/*.ts module in a process of its own (bench-one.ts), prints each module's rows
// (with the module's own format*Table when it has one), then checks every issue's performance target (targets.ts).
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { libraryModule } from '../package-root.js';
import { BENCH_DIR, RUNNABLE_EXTENSION, nodeArgsFor, runnableFile } from './paths.js';

/** What `multiproc bench` accepts. */
export interface BenchOptions {
  /** Run only the bench files whose name contains one of these words. */
  only?: string[];
  /** Print the rows as JSON instead of tables. */
  json?: boolean;
}

type BenchModule = Record<string, unknown>;

/** The bench module files, sorted; empty when the folder is missing. */
export function findBenchFiles(only: readonly string[] = []): string[] {
  let names: string[];
  try {
    names = readdirSync(BENCH_DIR);
  } catch {
    return [];
  }
  return names
    .filter((name) => name.endsWith(RUNNABLE_EXTENSION) && !name.endsWith('.d.ts') && !name.startsWith('chunk-'))
    .filter((name) => only.length === 0 || only.some((word) => name.includes(word)))
    .sort()
    .map((name) => join(BENCH_DIR, name));
}

/** The exported bench* functions of a module, by name. */
function benchFunctions(module: BenchModule): [string, (options?: object) => unknown][] {
  return Object.entries(module).filter((entry): entry is [string, (options?: object) => unknown] => /^bench[A-Z0-9]/.test(entry[0]) && typeof entry[1] === 'function');
}

/** The module's table formatter (an export named format…Table taking the rows), if it has one. */
function tableFormatter(module: BenchModule): ((rows: unknown) => string) | undefined {
  const entry = Object.entries(module).find(([name, value]) => /^format\w*Table$/.test(name) && typeof value === 'function');
  return entry?.[1] as ((rows: unknown) => string) | undefined;
}

/** Rows in the shared shape of bench/stats.ts (workload, subject, value, unit). */
function isRowList(rows: unknown): rows is unknown[] {
  return Array.isArray(rows) && rows.every((row) => row !== null && typeof row === 'object' && 'workload' in row && 'subject' in row && 'value' in row);
}

const BENCH_ONE = fileURLToPath(libraryModule('cli/bench-one'));

/** One module's results, from a fresh process (through tsx for the .ts modules of a checkout). */
function runInOwnProcess(file: string): Record<string, unknown> {
  const child = spawnSync(process.execPath, [...nodeArgsFor(BENCH_ONE), file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 << 20 });
  if (child.status !== 0) throw new Error(`benchmark ${basename(file)} failed (exit ${child.status})`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
}

/** Runs the benchmarks; resolves with the command's exit code. */
export async function runBench(options: BenchOptions = {}): Promise<number> {
  const files = findBenchFiles(options.only);
  const stats = (await import(pathToFileURL(runnableFile(BENCH_DIR, 'stats.ts')).href)) as { printTable(rows: unknown[]): void };
  if (files.length === 0) {
    console.error('No benchmark found in bench/.');
    return 1;
  }
  const results: Record<string, unknown[]> = {};
  for (const file of files) {
    const module = (await import(pathToFileURL(file).href)) as BenchModule;
    if (benchFunctions(module).length === 0) continue;
    const format = tableFormatter(module);
    for (const [key, rows] of Object.entries(runInOwnProcess(file))) {
      results[key] = rows as unknown[];
      if (options.json) continue;
      console.log(`\n== ${key}()`);
      if (format) console.log(format(rows));
      else if (isRowList(rows)) stats.printTable(rows);
      else console.table(rows);
    }
  }
  // Every performance target of the issues, checked against this run.
  const checker = (await import(pathToFileURL(runnableFile(BENCH_DIR, 'targets.ts')).href)) as { checkTargets(results: Record<string, unknown[]>): unknown[] };
  const targets = checker.checkTargets(results);
  if (options.json) console.log(JSON.stringify({ results, targets }, null, 2));
  else {
    console.log('\n== targets of the issues, checked against this run');
    for (const { target, measured, met } of targets as { target: string; measured: string; met: boolean | null }[]) {
      console.log(`${met === null ? '  ?' : met ? ' ok' : 'MISS'}  ${target}: ${measured}`);
    }
  }
  return 0;
}
