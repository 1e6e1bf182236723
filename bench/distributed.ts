// multiproc/distributed on this machine over loopback: a real redis-server and real `multiproc worker` processes.
// map of 100k trivial items over 2 workers, applyAsync × 5k, and 16 CPU-bound 50 ms tasks on 1 vs 2 single-process
// workers. Skipped (no rows) when redis-server is not installed.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { connect, type Cluster } from '../src/distributed/index.js';
import { startRedis } from '../test/distributed/redis-server.js';
import { startWorker, type WorkerProcess } from '../test/distributed/cluster-helpers.js';
import { burn, square } from './pool-targets.js';
import { isEntry, median, printTable, type Row } from './stats.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return (performance.now() - t0) / 1000;
}

function hasRedis(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

async function throughput(cluster: Cluster, repeat: number): Promise<{ map: number; apply: number }> {
  await using pool = cluster.Pool();
  const items = Array.from({ length: 100_000 }, (_, i) => i);
  await pool.map(square, items.slice(0, 1000));
  await Promise.all(Array.from({ length: 100 }, (_, i) => pool.applyAsync(square, [i]).get()));
  const map: number[] = [];
  const apply: number[] = [];
  for (let r = 0; r < repeat; r++) {
    map.push(await timed(() => pool.map(square, items)));
    apply.push(await timed(() => Promise.all(Array.from({ length: 5000 }, (_, i) => pool.applyAsync(square, [i]).get()))));
  }
  return { map: items.length / median(map), apply: 5000 / median(apply) };
}

async function cpuTime(cluster: Cluster, repeat: number): Promise<number> {
  await using pool = cluster.Pool();
  await pool.map(burn, [1, 1], 1);
  const times: number[] = [];
  for (let r = 0; r < repeat; r++) times.push(await timed(() => pool.map(burn, new Array(16).fill(50), 1)));
  return median(times);
}

export async function benchDistributed(options: { repeat?: number } = {}): Promise<Row[]> {
  if (!hasRedis()) {
    console.error('bench/distributed.ts: redis-server is not installed; skipped');
    return [];
  }
  const repeat = options.repeat ?? 3;
  const server = await startRedis();
  const workers: WorkerProcess[] = [];
  const clusters: Cluster[] = [];
  try {
    const start = (prefix: string) => startWorker({ url: server.url, prefix, root: ROOT, processes: 1, lockDuration: 30_000 }).then((w) => workers.push(w));
    await Promise.all([start('two'), start('two'), start('one')]);
    const two = await connect({ connection: server.url, prefix: 'two' });
    const one = await connect({ connection: server.url, prefix: 'one' });
    clusters.push(two, one);
    const { map, apply } = await throughput(two, repeat);
    const oneWorker = await cpuTime(one, repeat);
    const twoWorkers = await cpuTime(two, repeat);
    return [
      { workload: 'map 100k trivial items, 2 workers', subject: 'distributed Pool.map', value: map, unit: 'items/s', note: 'target ≥ 100k' },
      { workload: 'applyAsync × 5k, 2 workers', subject: 'distributed applyAsync', value: apply, unit: 'tasks/s', note: 'target ≥ 5k' },
      { workload: '16 × 50 ms CPU tasks', subject: 'distributed 1 worker', value: oneWorker, unit: 's' },
      { workload: '16 × 50 ms CPU tasks', subject: 'distributed 2 workers', value: twoWorkers, unit: 's' },
      { workload: '16 × 50 ms CPU tasks', subject: 'distributed speedup of 2 workers over 1', value: oneWorker / twoWorkers, unit: '×', note: 'target ≥ 1.7' },
    ];
  } finally {
    for (const cluster of clusters) await cluster.close();
    await Promise.all(workers.map((worker) => worker.stop()));
    await server.stop();
  }
}

if (isEntry(import.meta.url)) {
  const rows = await benchDistributed();
  if (process.argv.includes('--json')) console.log(JSON.stringify(rows, null, 2));
  else printTable(rows);
}
