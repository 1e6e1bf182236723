// Where the CLI finds the package's folders, from src/cli/ in a checkout or dist/cli/ when built.
import { join } from 'node:path';
import { packageRoot } from '../package-root.js';

/** The package root (the folder holding package.json). */
export const PACKAGE_ROOT = packageRoot();

/** The runnable examples the demo plays. */
export const EXAMPLES_DIR = join(PACKAGE_ROOT, 'examples');

/** The benchmark modules `multiproc bench` runs. */
export const BENCH_DIR = join(PACKAGE_ROOT, 'bench');

/** The node arguments that run `file`: TypeScript goes through tsx (resolved here, so any cwd works). */
export function nodeArgsFor(file: string): string[] {
  return file.endsWith('.ts') ? ['--import', import.meta.resolve('tsx'), file] : [file];
}
