// The performance targets of the issues, checked against one run of every benchmark (multiproc bench calls
// checkTargets with all results). Each target names the rows it compares; a missing row reads "not measured".

type AnyRow = Record<string, unknown>;
export type BenchResults = Record<string, unknown[]>;

export interface TargetRow {
  target: string;
  measured: string;
  met: boolean | null;
}

interface Target {
  name: string;
  /** The measured ratio (or value) and whether it meets the target; null when the rows are missing. */
  check(results: BenchResults): { value: number; met: boolean } | null;
  unit: string;
}

function rows(results: BenchResults, key: string): AnyRow[] {
  return (results[key] ?? []) as AnyRow[];
}

function find(results: BenchResults, key: string, match: (row: AnyRow) => boolean): AnyRow | undefined {
  return rows(results, key).find(match);
}

const text = (row: AnyRow, field: string) => String(row[field] ?? '');
const num = (row: AnyRow | undefined, field: string) => (row === undefined ? NaN : Number(row[field]));

function ratioTarget(name: string, key: string, match: (row: AnyRow) => boolean, field: string, meets: (ratio: number) => boolean, unit = '× Python'): Target {
  return {
    name,
    unit,
    check(results) {
      const value = num(find(results, key, match), field);
      return Number.isFinite(value) ? { value, met: meets(value) } : null;
    },
  };
}

function twoRowTarget(name: string, key: string, a: (row: AnyRow) => boolean, b: (row: AnyRow) => boolean, field: string, meets: (ratio: number) => boolean, unit: string): Target {
  return {
    name,
    unit,
    check(results) {
      const value = num(find(results, key, a), field) / num(find(results, key, b), field);
      return Number.isFinite(value) ? { value, met: meets(value) } : null;
    },
  };
}

const subject = (pattern: RegExp) => (row: AnyRow) => pattern.test(text(row, 'subject'));
const workloadAnd = (workload: RegExp, who: RegExp) => (row: AnyRow) => workload.test(text(row, 'workload')) && who.test(text(row, 'subject'));

export const TARGETS: Target[] = [
  ratioTarget('#2 forkserver start+join ≤ 3× Python fork', 'process.ts:benchProcess', subject(/forkserver \(warm/), 'ratio', (r) => r <= 3),
  ratioTarget('#2 spawn start+join ≤ 2× Python spawn', 'process.ts:benchProcess', subject(/^multiproc spawn$/), 'ratio', (r) => r <= 2),
  ratioTarget('#2 thread start+join ≤ Python spawn', 'process.ts:benchProcess', subject(/^multiproc thread$/), 'ratio', (r) => r <= 1),
  ratioTarget('#3 acquireSync+release ≤ 0.5× Python', 'sync.ts:benchSync', (row) => /acquireSync/.test(text(row, 'name')), 'ratio', (r) => r <= 0.5),
  twoRowTarget('#3 async acquire ≤ 10× the sync path', 'sync.ts:benchSync', (row) => /await acquire/.test(text(row, 'name')), (row) => /acquireSync/.test(text(row, 'name')), 'nodeNs', (r) => r <= 10, '× sync'),
  ratioTarget('#3 Value increments (2 processes) ≤ 0.25× Python', 'sync.ts:benchSync', (row) => /^Value/.test(text(row, 'name')), 'ratio', (r) => r <= 0.25),
  ratioTarget('#4 Queue small ints ≥ 3× Python', 'queues.ts:benchQueues', workloadAnd(/^Queue/, /Sync consumer/), 'ratio', (r) => r >= 3),
  ratioTarget('#4 Pipe 64 B ≥ Python', 'queues.ts:benchQueues', workloadAnd(/64-byte/, /Sync consumer/), 'ratio', (r) => r >= 1),
  ratioTarget('#4 Pipe 1 MiB ≥ Python', 'queues.ts:benchQueues', workloadAnd(/1 MiB/, /Sync consumer/), 'ratio', (r) => r >= 1),
  ratioTarget('#5 Pool.map 100k items ≥ Python', 'pool.ts:benchPool', subject(/Pool\.map$/), 'ratio', (r) => r >= 1),
  ratioTarget('#5 applyAsync ≥ 2× Python', 'pool.ts:benchPool', subject(/multiproc applyAsync/), 'ratio', (r) => r >= 2),
  twoRowTarget('#5 applyAsync ≥ 3× piscina', 'pool.ts:benchPool', subject(/multiproc applyAsync/), subject(/piscina run/), 'value', (r) => r >= 3, '× piscina'),
  ratioTarget('#5 CPU-bound speedup ≥ 1.85×', 'pool.ts:benchPool', subject(/multiproc speedup/), 'value', (r) => r >= 1.85, '× serial'),
  ratioTarget('#6 Manager dict round trips ≥ 2× Python', 'managers.ts:benchManagers', (row) => /one by one/.test(text(row, 'subject')) && text(row, 'unit') === 'calls/s', 'ratio', (r) => r >= 2),
  ratioTarget('#7 checkOutput([true]) ≤ 1.5× Python', 'subprocess.ts:benchSubprocess', subject(/^multiproc checkOutput\(\['true'\]\)/), 'ratio', (r) => r <= 1.5),
  ratioTarget('#8 coroutine Pool.map ≤ 1.5× p-map', 'coroutines.ts:benchCoroutines', (row) => row.contender === 'coroutines.Pool.map', 'ratioToPMap', (r) => r <= 1.5, '× p-map'),
  ratioTarget('#8 coroutine Pool.map ≤ 1.5× p-limit', 'coroutines.ts:benchCoroutines', (row) => row.contender === 'coroutines.Pool.map', 'ratioToPLimit', (r) => r <= 1.5, '× p-limit'),
  ratioTarget('#16 spawn, .ts target under tsx ≤ 2× Python spawn', 'process.ts:benchProcess', subject(/^multiproc spawn, \.ts target under tsx$/), 'ratio', (r) => r <= 2),
  ratioTarget('#16 spawn, .ts target, Node without a loader ≤ 1.5× Python spawn', 'process.ts:benchProcess', subject(/without a loader$/), 'ratio', (r) => r <= 1.5),
  ratioTarget('#16 spawn, plain node ≤ 1.5× Python spawn', 'process.ts:benchProcess', subject(/^multiproc spawn$/), 'ratio', (r) => r <= 1.5),
  // Where the environment sets NODE_EXTRA_CA_CERTS, Node 20 parses it at every start, before any of the library runs.
  ratioTarget('#16 spawn, plain node, NODE_EXTRA_CA_CERTS unset ≤ 1.5× Python spawn', 'process.ts:benchProcess', subject(/^multiproc spawn, NODE_EXTRA_CA_CERTS unset$/), 'ratio', (r) => r <= 1.5),
  ratioTarget('#16 spawn, .ts target under tsx, NODE_EXTRA_CA_CERTS unset ≤ 2× Python spawn', 'process.ts:benchProcess', subject(/tsx, NODE_EXTRA_CA_CERTS unset$/), 'ratio', (r) => r <= 2),
  ratioTarget('#16 forkserver back to back ≤ 1× Python forkserver', 'process.ts:benchProcess', subject(/^multiproc forkserver \(back to back\)$/), 'ratio', (r) => r <= 1),
  ratioTarget('#16 forkserver back to back under tsx ≤ 1.5× Python forkserver', 'process.ts:benchProcess', subject(/forkserver \(back to back\), \.ts target under tsx$/), 'ratio', (r) => r <= 1.5),
  ratioTarget('#16 thread back to back ≤ 15 ms', 'process.ts:benchProcess', subject(/^multiproc thread$/), 'value', (r) => r <= 15, 'ms'),
  ratioTarget('#16 first Pool.map of 100k items ≥ 1× Python', 'pool.ts:benchPool', subject(/Pool\.map, first call$/), 'ratio', (r) => r >= 1),
  ratioTarget('#16 warm Pool.map of 100k items ≥ 1.5× Python', 'pool.ts:benchPool', subject(/Pool\.map$/), 'ratio', (r) => r >= 1.5),
  ratioTarget('#18 distributed map 100k items ≥ 100k items/s', 'distributed.ts:benchDistributed', subject(/distributed Pool\.map/), 'value', (r) => r >= 100_000, 'items/s'),
  ratioTarget('#18 distributed applyAsync ≥ 5k tasks/s', 'distributed.ts:benchDistributed', subject(/distributed applyAsync/), 'value', (r) => r >= 5000, 'tasks/s'),
  ratioTarget('#18 distributed 2 workers ≥ 1.7× one', 'distributed.ts:benchDistributed', subject(/distributed speedup/), 'value', (r) => r >= 1.7, '× one worker'),
];

/** One line per target: what was measured and whether it meets the target. */
export function checkTargets(results: BenchResults): TargetRow[] {
  return TARGETS.map((target) => {
    const outcome = target.check(results);
    return outcome === null
      ? { target: target.name, measured: 'not measured', met: null }
      : { target: target.name, measured: `${outcome.value.toFixed(2)} ${target.unit}`, met: outcome.met };
  });
}
