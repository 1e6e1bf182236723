// The `multiproc` command line: its commands, options and help, built with commander. Each action sets
// process.exitCode rather than exiting, so that children and pending output finish normally.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { runBench } from './bench.js';
import { DEFAULT_JOBS, DEFAULT_TIMEOUT_MS, listScenarios, runDemo } from './demo.js';
import { runMap, type MapOptions } from './map.js';
import { PACKAGE_ROOT } from './paths.js';
import { runWorker, type WorkerCommandOptions } from './worker.js';

function packageVersion(): string {
  return (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

function parsePositiveInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new InvalidArgumentError('must be a whole number of at least 1.');
  return number;
}

const MAP_HELP = `
Each non-blank input line is one JSON value; each result is written as one JSON
line (a result of undefined is written as null), in input order unless
--unordered. <module> is a path from the current directory (.ts works under
tsx) or a package name.

A failing line prints "error: line N: <ErrorName>: <message>" to stderr (a line
that is not JSON fails as a SyntaxError). Without --keep-going the run stops
at the first failure. A progress bar goes to stderr when it is a terminal.

Exit status: 0 every line mapped, 1 some line failed, 2 the target, input or
output could not be used.

Example:
  printf '1\\n2\\n3\\n' | multiproc map ./work.ts:square`;

const WORKER_HELP = `
Start one on every machine that holds the code and can reach Redis; callers use
connect() from multiproc/distributed with the same URL and prefix. SIGTERM
finishes the chunks held and stops; a second SIGTERM stops at once.

Example:
  multiproc worker --connection redis://10.0.0.5:6379 --root /srv/app --processes 8`;

/** Builds the whole command tree (a fresh one per call, so tests can parse more than once). */
export function buildProgram(): Command {
  const program = new Command('multiproc')
    .description("Python's multiprocessing, subprocess, threading and gevent pools for Node.js")
    .version(packageVersion())
    .showHelpAfterError()
    .showSuggestionAfterError();

  program
    .command('demo')
    .description('run the seed scenarios (examples/) end to end and print what happened')
    .argument('[names...]', 'run only the scenarios whose file name contains one of these words')
    .option('--list', 'list the scenarios instead of running them')
    .option('--timeout <ms>', 'milliseconds one scenario may take', parsePositiveInteger, DEFAULT_TIMEOUT_MS)
    .option('--jobs <n>', 'scenarios run at once (output stays in order)', parsePositiveInteger, DEFAULT_JOBS)
    .action(async (names: string[], options: { list?: boolean; timeout: number; jobs: number }) => {
      if (options.list) {
        console.log(listScenarios());
        return;
      }
      process.exitCode = await runDemo({ only: names, timeoutMs: options.timeout, jobs: options.jobs });
    });

  program
    .command('bench')
    .description('run the benchmarks (bench/*.ts) and print the comparison tables')
    .argument('[names...]', 'run only the bench files whose name contains one of these words')
    .option('--json', 'print the results as JSON')
    .action(async (names: string[], options: { json?: boolean }) => {
      process.exitCode = await runBench({ only: names, json: options.json });
    });

  program
    .command('map')
    .description('map an exported function over JSON lines with a process pool: one JSON value in, one JSON result out per line')
    .argument('<target>', 'the function to map, as <module>:<export> (e.g. ./work.ts:square); no :<export> means the default export')
    .option('--input <file>', 'read the JSON lines from this file ("-" for stdin)', '-')
    .option('--output <file>', 'write the JSON results to this file instead of stdout')
    .option('--processes <n>', 'number of worker processes (default: cpuCount())', parsePositiveInteger)
    .option('--chunksize <n>', 'lines sent to a worker at a time (default: 1; raise it for many quick lines)', parsePositiveInteger)
    .option('--unordered', 'write results as they finish, not in input order')
    .addOption(new Option('--start-method <method>', 'how workers start (default: spawn)').choices(['spawn', 'forkserver', 'thread']))
    .option('--keep-going', 'on a failing line, print its error and go on (that line writes no result); exit 1 at the end')
    .addHelpText('after', MAP_HELP)
    .action(async (target: string, options: MapOptions) => {
      process.exitCode = await runMap(target, options);
    });

  program
    .command('worker')
    .description('serve distributed pools (multiproc/distributed): run their chunks on a local process pool')
    .requiredOption('--connection <url>', 'the Redis server, e.g. redis://127.0.0.1:6379')
    .option('--processes <n>', 'local worker processes (default: cpuCount())', parsePositiveInteger)
    .option('--root <dir>', "folder the targets' modules are found under: the package root of this copy of the code (default: the current directory)")
    .option('--prefix <prefix>', 'key prefix shared with the callers (default: multiproc)')
    .option('--concurrency <n>', 'chunks held at once per pool (default: twice --processes)', parsePositiveInteger)
    .option('--lock-duration <ms>', "how long a chunk's lock lasts unless renewed: a dead worker's chunk is retried about this long after (default: 10000)", parsePositiveInteger)
    .addHelpText('after', WORKER_HELP)
    .action(async (options: WorkerCommandOptions) => {
      process.exitCode = await runWorker(options);
    });

  return program;
}
