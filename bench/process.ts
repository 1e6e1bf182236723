// Process start + join of a trivial target per start method, on the compiled library, against Python's fork, spawn and
// forkserver in the same run: from a JavaScript program, and from a TypeScript one (a .ts target) under tsx and, on a
// Node that strips types itself, without a loader.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { isEntry, median, printTable, type Row } from './stats.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUNNER = fileURLToPath(new URL('./process-runner.mjs', import.meta.url));
const RUNNER_TS = fileURLToPath(new URL('./process-runner-ts.mts', import.meta.url));
const TSX = import.meta.resolve('tsx');
/** Node >= 23.6 runs .ts files itself (process.features.typescript is 'strip' or 'transform'). */
const NATIVE_TYPESCRIPT = Boolean((process.features as { typescript?: string | false }).typescript);
const PYTHON = fileURLToPath(new URL('./python/process_bench.py', import.meta.url));

/** Builds dist/ from the current source (the bundles take well under a second; a stale build would mislead). Built
 * (an installed package), this module runs from dist/ already. */
function ensureBuilt(): void {
  if (!import.meta.url.endsWith('.ts')) return;
  const built = spawnSync(process.execPath, ['scripts/build.mjs', '--no-declarations'], { cwd: ROOT, stdio: 'inherit' });
  if (built.status !== 0) throw new Error('building dist/ failed');
}

type Program = 'js' | 'ts under tsx' | 'ts native';

/**
 * The environment without NODE_EXTRA_CA_CERTS: Node 20 reads and parses that file, with its own root certificates, at
 * every start (later Nodes at the first TLS use), which is then most of what a spawned child costs beyond Python's.
 */
function withoutExtraCaCerts(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  return env;
}

/** What the runner's target is: a bare module's, or (`'library'`) one whose module imports the library. */
type Option = boolean | 'library';

function ours(method: string, repeat: number, pause: number, option: Option = false, program: Program = 'js', env = process.env): number {
  const runner = program === 'js' ? [RUNNER] : program === 'ts native' ? [RUNNER_TS] : ['--import', TSX, RUNNER_TS];
  const args = [...runner, method, String(repeat), String(pause), ...(option === true ? ['preload'] : option === 'library' ? ['library'] : [])];
  const result = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 300_000, env });
  if (result.status !== 0) throw new Error(`process bench (${method}) failed: ${result.stderr}`);
  return median(JSON.parse(result.stdout.trim().split('\n').at(-1)!) as number[]);
}

/** A bare `node -e 0` started and waited for (ms, median): what Node itself costs a child here, before the library. */
function bareNode(repeat: number, env = process.env): number {
  const times: number[] = [];
  for (let i = 0; i <= repeat; i++) {
    const t0 = performance.now();
    spawnSync(process.execPath, ['-e', '0'], { env, stdio: 'ignore' });
    if (i > 0) times.push(performance.now() - t0);
  }
  return median(times);
}

function python(repeat: number): Record<string, number> | null {
  const result = spawnSync('python3', [PYTHON, String(repeat)], { encoding: 'utf8', timeout: 300_000 });
  return result.status === 0 ? (JSON.parse(result.stdout) as Record<string, number>) : null;
}

export async function benchProcess(options: { repeat?: number } = {}): Promise<Row[]> {
  const repeat = options.repeat ?? 15;
  ensureBuilt();
  const py = python(repeat);
  const rows: Row[] = [];
  const add = (subject: string, value: number, reference: number | undefined, note = '') =>
    rows.push({ workload: 'start + join, trivial target', subject, value, unit: 'ms', ratio: reference === undefined ? undefined : value / reference, note });
  add('multiproc spawn', ours('spawn', repeat, 0), py?.spawn, 'ratio to Python spawn');
  add('node -e 0, no library', bareNode(repeat), py?.spawn, "ratio to Python spawn; Node's own start, the floor of spawn");
  if (process.env.NODE_EXTRA_CA_CERTS !== undefined) {
    add('multiproc spawn, NODE_EXTRA_CA_CERTS unset', ours('spawn', repeat, 0, false, 'js', withoutExtraCaCerts()), py?.spawn, 'ratio to Python spawn; this environment sets it');
    add('node -e 0, no library, NODE_EXTRA_CA_CERTS unset', bareNode(repeat, withoutExtraCaCerts()), py?.spawn, 'ratio to Python spawn');
  }
  add('multiproc forkserver (warm: a child waits)', ours('forkserver', repeat, 250), py?.fork, 'ratio to Python fork');
  add('multiproc forkserver (warm: a child waits, preload)', ours('forkserver', repeat, 250, true), py?.fork, 'ratio to Python fork; setForkserverPreload');
  add('multiproc forkserver (back to back)', ours('forkserver', repeat, 0), py?.forkserver, 'ratio to Python forkserver');
  add("multiproc forkserver (back to back), target's module imports multiproc", ours('forkserver', repeat, 0, 'library'), py?.forkserver, 'ratio to Python forkserver; as a program\'s own module does');
  add('multiproc thread', ours('thread', repeat, 0), py?.spawn, 'ratio to Python spawn; back to back');
  add('multiproc thread (warm spare)', ours('thread', repeat, 250), py?.spawn, 'ratio to Python spawn');
  add('multiproc spawn, .ts target under tsx', ours('spawn', repeat, 0, false, 'ts under tsx'), py?.spawn, 'ratio to Python spawn');
  if (process.env.NODE_EXTRA_CA_CERTS !== undefined) {
    add('multiproc spawn, .ts target under tsx, NODE_EXTRA_CA_CERTS unset', ours('spawn', repeat, 0, false, 'ts under tsx', withoutExtraCaCerts()), py?.spawn, 'ratio to Python spawn');
  }
  add('multiproc forkserver (back to back), .ts target under tsx', ours('forkserver', repeat, 0, false, 'ts under tsx'), py?.forkserver, 'ratio to Python forkserver');
  if (NATIVE_TYPESCRIPT) {
    add(`multiproc spawn, .ts target, Node ${process.versions.node} without a loader`, ours('spawn', repeat, 0, false, 'ts native'), py?.spawn, 'ratio to Python spawn');
  }
  if (py) for (const method of ['fork', 'spawn', 'forkserver']) add(`Python ${method}`, py[method], py[method]);
  return rows;
}

if (isEntry(import.meta.url)) {
  const rows = await benchProcess();
  if (process.argv.includes('--json')) console.log(JSON.stringify(rows, null, 2));
  else printTable(rows);
}
