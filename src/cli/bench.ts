// `multiproc bench`: imports every bench/*.ts module, runs each exported bench* function and prints its rows
// (with the module's own format*Table when it has one). A starting point: the lead extends it.
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BENCH_DIR } from './paths.js';

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
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.d.ts'))
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

/** Runs the benchmarks; resolves with the command's exit code. */
export async function runBench(options: BenchOptions = {}): Promise<number> {
  const files = findBenchFiles(options.only);
  if (files.length === 0) {
    console.error('No benchmark found in bench/.');
    return 1;
  }
  const results: Record<string, unknown[]> = {};
  for (const file of files) {
    const module = (await import(pathToFileURL(file).href)) as BenchModule;
    const format = tableFormatter(module);
    for (const [name, bench] of benchFunctions(module)) {
      if (!options.json) console.log(`\n== ${basename(file)}: ${name}()`);
      const rows = await bench();
      results[`${basename(file)}:${name}`] = rows as unknown[];
      if (options.json) continue;
      if (format) console.log(format(rows));
      else console.table(rows);
    }
  }
  // Every performance target of the issues, checked against this run.
  const checker = (await import(pathToFileURL(join(BENCH_DIR, 'targets.ts')).href)) as { checkTargets(results: Record<string, unknown[]>): unknown[] };
  const targets = checker.checkTargets(results);
  if (options.json) console.log(JSON.stringify({ results, targets }, null, 2));
  else {
    console.log('\n== targets');
    console.table(targets);
  }
  return 0;
}
