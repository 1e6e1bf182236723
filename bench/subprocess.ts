// Per-call latency of spawning `true` and reading its (empty) output: multiproc/subprocess (its posix_spawn fast path
// and its child_process path) against Python's subprocess.check_output, execa and node's execFile, plus libuv's bare
// spawn — the floor under node's child_process — both here and in a fresh, small node process (fork() time grows
// with memory).
//   node --import tsx bench/subprocess.ts [--json] [--reps 5] [--calls 200]
import { execFile, spawn, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { importComparison, notInstalled } from './optional.js';
import { Socket } from 'node:net';
import { native } from '../src/platform/native.js';
import { useFastSpawn } from '../src/subprocess/fast-spawn.js';
import { checkOutput, checkOutputSync } from '../src/subprocess/index.js';
import { isEntry, median, printTable, type Row } from './stats.js';

export interface SubprocessBenchOptions {
  /** Rounds; each round times every contender in turn (default 5). The result is the median of round medians. */
  reps?: number;
  /** Calls per contender per round (default 200). */
  calls?: number;
  /** Untimed calls per contender before the first round (default 50). */
  warmup?: number;
}

const WORKLOAD = "run `true`, read stdout";
const execFileAsync = promisify(execFile);
// What every node contender must do at least: spawn with a stdout pipe, then see both the exit and the EOF.
const spawnWithPipe = () => new Promise<void>((resolve) => {
  const child = spawn('true', { stdio: ['inherit', 'pipe', 'inherit'] });
  let pending = 2;
  const settle = () => { if (--pending === 0) resolve(); };
  child.once('exit', settle);
  child.stdout!.once('end', settle).resume();
});

// checkOutput forced onto node's child_process, as when the addon is missing or an option needs node's spawn.
const checkOutputViaChildProcess = async () => {
  useFastSpawn(false);
  try {
    return await checkOutput(['true']);
  } finally {
    useFastSpawn(true);
  }
};

// The addon's spawn alone: posix_spawn with a stdout pipe, then both the reaped exit and the EOF.
const nativeSpawnWithPipe = () => new Promise<void>((resolve) => {
  let pending = 2;
  const settle = () => { if (--pending === 0) resolve(); };
  const { stdoutFd } = native!.spawn!('true', ['true'], null, null, ['inherit', 'pipe', 'inherit'], false, settle);
  new Socket({ fd: stdoutFd, readable: true, writable: false }).once('end', settle).resume();
});

const execa = (await importComparison<typeof import('execa')>('execa'))?.execa;
if (execa === undefined) console.error(`subprocess bench: ${notInstalled('execa')}`);

const contenders: Record<string, () => unknown> = {
  ...(native?.spawn !== undefined && {
    "multiproc checkOutput(['true']), fast path": () => checkOutput(['true']),
    'posix_spawn floor: addon spawn, stdout pipe, exit + EOF': nativeSpawnWithPipe,
  }),
  "multiproc checkOutput(['true']), child_process path": checkOutputViaChildProcess,
  "multiproc checkOutputSync(['true'])": () => checkOutputSync(['true']),
  ...(execa !== undefined && { "execa('true')": () => execa('true') }),
  "node execFile('true')": () => execFileAsync('true'),
  'libuv floor: spawn, stdout pipe, exit + EOF': spawnWithPipe,
  'libuv floor: spawnSync, stdout pipe': () => spawnSync('true', { stdio: ['inherit', 'pipe', 'inherit'] }),
};

// Same loop in Python: per round, the median of `calls` timed check_output(['true']).
const PYTHON_SCRIPT = `
import json, subprocess, sys, time, statistics
reps, calls, warmup = map(int, sys.argv[1:4])
for _ in range(warmup): subprocess.check_output(['true'])
medians = []
for _ in range(reps):
    times = []
    for _ in range(calls):
        start = time.perf_counter(); subprocess.check_output(['true']); times.append((time.perf_counter() - start) * 1000)
    medians.append(statistics.median(times))
print(json.dumps(medians))
`;

// The libuv floor again, in a bare node with nothing loaded (no tsx, no execa): what fork() costs a small process.
const BARE_NODE_SCRIPT = `
const { spawnSync } = require('node:child_process');
const [reps, calls, warmup] = process.argv.slice(1).map(Number);
const median = (v) => { const s = [...v].sort((a, b) => a - b), m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const once = () => { const t = process.hrtime.bigint(); spawnSync('true', { stdio: ['inherit', 'pipe', 'inherit'] }); return Number(process.hrtime.bigint() - t) / 1e6; };
for (let i = 0; i < warmup; i++) once();
const medians = [];
for (let r = 0; r < reps; r++) medians.push(median(Array.from({ length: calls }, once)));
console.log(JSON.stringify({ medians, rssMb: Math.round(process.memoryUsage().rss / 2 ** 20) }));
`;

async function timeCalls(run: () => unknown, calls: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < calls; i++) {
    const start = process.hrtime.bigint();
    await run();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(times);
}

/** Run an inline script in another interpreter; its JSON answer, or why there is none. */
function runScript(program: string, args: string[]): { value: unknown } | { error: string } {
  const result = spawnSync(program, args, { encoding: 'utf8' });
  if (result.error) return { error: `${program} not run (${(result.error as NodeJS.ErrnoException).code})` };
  if (result.status !== 0) return { error: `${program} failed: ${result.stderr.trim().split('\n').pop()}` };
  return { value: JSON.parse(result.stdout) };
}

/**
 * Median per-call time of each contender, in ms, with `ratio` = time / Python's time (> 1: slower than Python).
 * Without python3 the ratios are absent and a row says why.
 */
export async function benchSubprocess(options: SubprocessBenchOptions = {}): Promise<Row[]> {
  const { reps = 5, calls = 200, warmup = 50 } = options;
  for (const run of Object.values(contenders)) await timeCalls(run, warmup);
  // Rounds interleave Python, this process and a bare node, so that load from elsewhere hits them alike.
  const rounds = new Map<string, number[]>(Object.keys(contenders).map((name) => [name, []]));
  const pythonRounds: number[] = [];
  const bareRounds: number[] = [];
  let pythonError: string | null = null;
  let bareRssMb = 0;
  for (let round = 0; round < reps; round++) {
    const counts = ['1', String(calls), String(round === 0 ? warmup : 10)];
    const python: ReturnType<typeof runScript> | null = pythonError === null ? runScript('python3', ['-c', PYTHON_SCRIPT, ...counts]) : null;
    if (python && 'error' in python) pythonError = python.error;
    else if (python) pythonRounds.push(...(python.value as number[]));
    for (const [name, run] of Object.entries(contenders)) rounds.get(name)!.push(await timeCalls(run, calls));
    const bare = runScript(process.execPath, ['-e', BARE_NODE_SCRIPT, ...counts]);
    if ('value' in bare) {
      const { medians, rssMb } = bare.value as { medians: number[]; rssMb: number };
      bareRounds.push(...medians);
      bareRssMb = rssMb;
    }
  }

  const pythonMs = pythonRounds.length > 0 ? median(pythonRounds) : null;
  const row = (subject: string, value: number, note?: string): Row => ({
    workload: WORKLOAD, subject, value, unit: 'ms', ...(pythonMs !== null && { ratio: value / pythonMs }), ...(note && { note }),
  });
  const rows: Row[] = [];
  if (pythonMs !== null) rows.push(row("python subprocess.check_output(['true'])", pythonMs, 'CPython forks with vfork()'));
  const rssMb = Math.round(process.memoryUsage().rss / 2 ** 20);
  for (const [name, values] of rounds) rows.push(row(name, median(values), `this process, rss ${rssMb} MB`));
  if (bareRounds.length > 0) {
    rows.push(row('libuv floor: spawnSync in a bare node', median(bareRounds), `fresh process, rss ${bareRssMb} MB`));
  }
  if (pythonError !== null) rows.push({ workload: WORKLOAD, subject: 'python', value: NaN, unit: 'ms', note: `${pythonError}: skipped` });
  return rows;
}

function flag(args: string[], name: string, fallback: number): number {
  const index = args.indexOf(name);
  return index >= 0 ? Number(args[index + 1]) : fallback;
}

if (isEntry(import.meta.url)) {
  const args = process.argv.slice(2);
  const options = { reps: flag(args, '--reps', 5), calls: flag(args, '--calls', 200), warmup: flag(args, '--warmup', 50) };
  const rows = await benchSubprocess(options);
  if (args.includes('--json')) console.log(JSON.stringify({ options, node: process.version, rows }, null, 2));
  else printTable(rows);
}
