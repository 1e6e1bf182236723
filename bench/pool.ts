// Pool throughput against Python's multiprocessing.Pool (fork) and piscina, in the same run: map of 100k trivial
// items (default chunksize), warm and as a new pool's first call, applyAsync × 20k, and the speedup of 16 CPU-bound
// 10 ms tasks over serial.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { importComparison, notInstalled } from './optional.js';
import { Pool } from '../src/pool/index.js';
import { burn, square } from './pool-targets.js';
import { isEntry, median, printTable, type Row } from './stats.js';

const PYTHON = fileURLToPath(new URL('./python/pool_bench.py', import.meta.url));
const PISCINA_WORKER = new URL('./piscina-worker.mjs', import.meta.url).href;

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return (performance.now() - t0) / 1000;
}

async function ours(repeat: number, processes: number) {
  const pool = new Pool(processes);
  await pool.map(square, Array.from({ length: 100 }, (_, i) => i));
  const items = Array.from({ length: 100_000 }, (_, i) => i);
  const map: number[] = [];
  const apply: number[] = [];
  const serial: number[] = [];
  const parallel: number[] = [];
  for (let r = 0; r < repeat; r++) {
    map.push(await timed(() => pool.map(square, items)));
    apply.push(await timed(() => Promise.all(Array.from({ length: 20_000 }, (_, i) => pool.applyAsync(square, [i]).get()))));
    serial.push(await timed(async () => {
      for (let i = 0; i < 16; i++) burn(10);
    }));
    parallel.push(await timed(() => pool.map(burn, new Array(16).fill(10), 1)));
  }
  pool.terminate();
  await pool.join();
  return { map: items.length / median(map), apply: 20_000 / median(apply), speedup: median(serial) / median(parallel) };
}

/** The first map of 100k items of a new pool, after a 10-item call (as a script's first real call): items/s. */
async function oursFirstCall(repeat: number, processes: number): Promise<number> {
  const items = Array.from({ length: 100_000 }, (_, i) => i);
  const times: number[] = [];
  for (let r = 0; r < repeat; r++) {
    const pool = new Pool(processes);
    await pool.map(square, Array.from({ length: 10 }, (_, i) => i));
    times.push(await timed(() => pool.map(square, items)));
    pool.terminate();
    await pool.join();
  }
  return items.length / median(times);
}

async function piscina(repeat: number, processes: number): Promise<{ apply: number; speedup: number } | null> {
  const { Piscina } = (await importComparison<typeof import('piscina')>('piscina')) ?? {};
  if (Piscina === undefined) return null;
  const pool = new Piscina({ filename: PISCINA_WORKER, minThreads: processes, maxThreads: processes });
  await pool.run(1);
  const apply: number[] = [];
  const parallel: number[] = [];
  const serial: number[] = [];
  for (let r = 0; r < repeat; r++) {
    apply.push(await timed(() => Promise.all(Array.from({ length: 20_000 }, (_, i) => pool.run(i)))));
    serial.push(await timed(async () => {
      for (let i = 0; i < 16; i++) burn(10);
    }));
    parallel.push(await timed(() => Promise.all(new Array(16).fill(10).map((ms) => pool.run(ms, { name: 'burn' })))));
  }
  await pool.destroy();
  return { apply: 20_000 / median(apply), speedup: median(serial) / median(parallel) };
}

function python(repeat: number, processes: number): { map_items_per_s: number; first_map_items_per_s: number; apply_async_per_s: number; cpu_speedup: number } | null {
  const result = spawnSync('python3', [PYTHON, String(repeat), String(processes)], { encoding: 'utf8', timeout: 300_000 });
  if (result.status !== 0) return null;
  return JSON.parse(result.stdout);
}

export async function benchPool(options: { repeat?: number; processes?: number } = {}): Promise<Row[]> {
  const repeat = options.repeat ?? 5;
  const processes = options.processes ?? 2;
  const py = python(repeat, processes);
  const us = await ours(repeat, processes);
  const first = await oursFirstCall(repeat, processes);
  const pis = await piscina(repeat, processes);
  const rows: Row[] = [];
  const add = (workload: string, subject: string, value: number, unit: string, reference: number | undefined) =>
    rows.push({ workload, subject, value, unit, ratio: reference === undefined ? undefined : value / reference });
  add('map 100k trivial items', 'multiproc Pool.map', us.map, 'items/s', py?.map_items_per_s);
  if (py) add('map 100k trivial items', 'Python Pool.map (fork)', py.map_items_per_s, 'items/s', py.map_items_per_s);
  add('first map of 100k items (after 10)', 'multiproc Pool.map, first call', first, 'items/s', py?.first_map_items_per_s);
  if (py) add('first map of 100k items (after 10)', 'Python Pool.map (fork), first call', py.first_map_items_per_s, 'items/s', py.first_map_items_per_s);
  add('applyAsync × 20k', 'multiproc applyAsync', us.apply, 'tasks/s', py?.apply_async_per_s);
  if (py) add('applyAsync × 20k', 'Python apply_async', py.apply_async_per_s, 'tasks/s', py.apply_async_per_s);
  if (pis) add('applyAsync × 20k', 'piscina run()', pis.apply, 'tasks/s', py?.apply_async_per_s);
  else rows.push({ workload: 'applyAsync × 20k', subject: 'piscina run()', value: NaN, unit: 'tasks/s', note: notInstalled('piscina') });
  add('16 × 10 ms CPU tasks', 'multiproc speedup over serial', us.speedup, '×', undefined);
  if (py) add('16 × 10 ms CPU tasks', 'Python speedup over serial', py.cpu_speedup, '×', undefined);
  if (pis) add('16 × 10 ms CPU tasks', 'piscina speedup over serial', pis.speedup, '×', undefined);
  return rows;
}

if (isEntry(import.meta.url)) {
  const rows = await benchPool();
  if (process.argv.includes('--json')) console.log(JSON.stringify(rows, null, 2));
  else printTable(rows);
}
