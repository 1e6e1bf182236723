// Where the CLI finds the package's folders: in a checkout (running src/cli/ under tsx) the TypeScript examples/ and
// bench/; in the built package, their JavaScript builds under dist/ (plain node runs them; Node 20 runs no .ts).
import { join } from 'node:path';
import { FROM_SOURCE, packageRoot } from '../package-root.js';

/** The package root (the folder holding package.json). */
export const PACKAGE_ROOT = packageRoot();

/** The extension of the runnable examples and bench modules in this copy of the library. */
export const RUNNABLE_EXTENSION = FROM_SOURCE ? '.ts' : '.js';

/** The runnable examples the demo plays. */
export const EXAMPLES_DIR = join(PACKAGE_ROOT, ...(FROM_SOURCE ? [] : ['dist']), 'examples');

/** The benchmark modules `multiproc bench` runs. */
export const BENCH_DIR = join(PACKAGE_ROOT, ...(FROM_SOURCE ? [] : ['dist']), 'bench');

/** The runnable file of an example or bench module named as in the source (`pool-map.ts`), in this copy. */
export function runnableFile(dir: string, sourceName: string): string {
  return join(dir, sourceName.replace(/\.ts$/, RUNNABLE_EXTENSION));
}

/** The node arguments that run `file`: TypeScript goes through tsx (resolved here, so any cwd works). */
export function nodeArgsFor(file: string): string[] {
  return file.endsWith('.ts') ? ['--import', import.meta.resolve('tsx'), file] : [file];
}
