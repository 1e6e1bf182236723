// Queues and pipes between two processes against Python's multiprocessing, in the same run: a Queue of small
// integers (one producer process → one consumer process), Pipe 64-byte messages, Pipe 1 MiB messages. Each side
// times itself in the consumer, from the first message to the end mark. Medians of several runs; ratios vs Python.
//   node --import tsx bench/queues.ts [--json] [--quick]
import { spawnSync } from 'node:child_process';
import { Pipe } from '../src/connection/index.js';
import { Process } from '../src/process/index.js';
import { Queue } from '../src/queues/index.js';
import { consumeInts, produceInts, recvBytesMessages, sendBytesMessages, type Timing } from './queue-targets.js';
import { isEntry, median, printTable, type Row } from './stats.js';

export interface BenchQueuesOptions {
  /** Runs per subject (median taken); default 3. */
  runs?: number;
  /** Smaller message counts (a smoke run). */
  quick?: boolean;
  /** Compare with python3 when it is installed (default true). */
  python?: boolean;
}

interface Workload {
  name: string;
  unit: 'msgs/s' | 'MB/s';
  ours: (sync: boolean, n: number) => Promise<Timing>;
  python: string;
  n: number;
  pythonN: number;
}

async function runPair(consumer: Process, producer: Process, results: Queue<Timing>, afterStart = () => {}): Promise<Timing> {
  consumer.start();
  producer.start();
  afterStart();
  const timing = await results.get({ timeout: 120_000 });
  await producer.join(30_000);
  await consumer.join(30_000);
  return timing;
}

async function oursQueue(sync: boolean, n: number): Promise<Timing> {
  const queue = new Queue<number | null>();
  const results = new Queue<Timing>();
  try {
    const consumer = new Process({ target: consumeInts, args: [queue, results, sync] });
    const producer = new Process({ target: produceInts, args: [queue, n, true] });
    return await runPair(consumer, producer, results);
  } finally {
    queue.close();
    results.close();
  }
}

function oursPipe(size: number) {
  return async (sync: boolean, n: number): Promise<Timing> => {
    const [reader, writer] = Pipe(false);
    const results = new Queue<Timing>();
    try {
      const consumer = new Process({ target: recvBytesMessages, args: [reader, results, sync] });
      const producer = new Process({ target: sendBytesMessages, args: [writer, n, size] });
      return await runPair(consumer, producer, results, () => {
        reader.close();
        writer.close();
      });
    } finally {
      results.close();
    }
  };
}

const PY_PRELUDE = `
import multiprocessing as mp, sys, time, json
def report(out, count, nbytes, start):
    out.put({'count': count, 'bytes': nbytes, 'ms': (time.perf_counter() - start) * 1000})
`;

const PY_QUEUE = `${PY_PRELUDE}
def producer(q, n):
    for i in range(n): q.put(i)
    q.put(None)
def consumer(q, out):
    x = q.get(); start = time.perf_counter(); count = 0
    while x is not None:
        count += 1; x = q.get()
    report(out, count, 0, start)
if __name__ == '__main__':
    n = int(sys.argv[1]); q = mp.Queue(); out = mp.Queue()
    ps = [mp.Process(target=consumer, args=(q, out)), mp.Process(target=producer, args=(q, n))]
    for p in ps: p.start()
    print(json.dumps(out.get()))
    for p in ps: p.join()
`;

const PY_PIPE = `${PY_PRELUDE}
def sender(conn, n, size):
    m = b'x' * size
    for _ in range(n): conn.send_bytes(m)
    conn.send_bytes(b'')
def receiver(conn, out):
    m = conn.recv_bytes(); start = time.perf_counter(); count = 0; nbytes = 0
    while m:
        count += 1; nbytes += len(m); m = conn.recv_bytes()
    report(out, count, nbytes, start)
if __name__ == '__main__':
    n = int(sys.argv[1]); size = int(sys.argv[2]); r, w = mp.Pipe(False); out = mp.Queue()
    ps = [mp.Process(target=receiver, args=(r, out)), mp.Process(target=sender, args=(w, n, size))]
    for p in ps: p.start()
    r.close(); w.close()
    print(json.dumps(out.get()))
    for p in ps: p.join()
`;

function workloads(quick: boolean): Workload[] {
  const scale = quick ? 0.1 : 1;
  return [
    { name: 'Queue, small ints, 1 producer → 1 consumer process', unit: 'msgs/s', ours: oursQueue, python: PY_QUEUE, n: 1_000_000 * scale, pythonN: 300_000 * scale },
    { name: 'Pipe, 64-byte messages (send_bytes/recv_bytes)', unit: 'msgs/s', ours: oursPipe(64), python: `${PY_PIPE}#64`, n: 1_000_000 * scale, pythonN: 300_000 * scale },
    { name: 'Pipe, 1 MiB messages', unit: 'MB/s', ours: oursPipe(1 << 20), python: `${PY_PIPE}#1048576`, n: 2000 * scale, pythonN: 1000 * scale },
  ];
}

function valueOf(timing: Timing, unit: Workload['unit']): number {
  return unit === 'msgs/s' ? (timing.count / timing.ms) * 1000 : timing.bytes / timing.ms / 1000;
}

function runPython(script: string, n: number): Timing | null {
  const [code, size] = script.split('#');
  const args = ['-c', code, String(Math.round(n)), ...(size === undefined ? [] : [size])];
  const result = spawnSync('python3', args, { encoding: 'utf8', timeout: 300_000 });
  if (result.status !== 0) return null;
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!) as Timing;
}

function hasPython(): boolean {
  return spawnSync('python3', ['-c', 'import multiprocessing'], { encoding: 'utf8' }).status === 0;
}

/** Runs every workload `runs` times for each subject; rows carry medians and ratios against Python. */
export async function benchQueues(options: BenchQueuesOptions = {}): Promise<Row[]> {
  const runs = options.runs ?? 3;
  const python = (options.python ?? true) && hasPython();
  const rows: Row[] = [];
  for (const workload of workloads(options.quick ?? false)) {
    let reference: number | undefined;
    if (python) {
      const values = Array.from({ length: runs }, () => runPython(workload.python, workload.pythonN)).filter((t) => t !== null);
      if (values.length > 0) {
        reference = median(values.map((t) => valueOf(t!, workload.unit)));
        rows.push({ workload: workload.name, subject: 'Python 3 multiprocessing', value: reference, unit: workload.unit, ratio: 1 });
      }
    }
    for (const sync of [true, false]) {
      const values: number[] = [];
      for (let i = 0; i < runs; i++) values.push(valueOf(await workload.ours(sync, workload.n), workload.unit));
      const value = median(values);
      rows.push({
        workload: workload.name,
        subject: sync ? 'multiproc (…Sync consumer)' : 'multiproc (await consumer)',
        value,
        unit: workload.unit,
        ratio: reference === undefined ? undefined : value / reference,
        note: python ? undefined : 'python3 not found: no comparison',
      });
    }
  }
  return rows;
}

if (isEntry(import.meta.url)) {
  const rows = await benchQueues({ quick: process.argv.includes('--quick') });
  if (process.argv.includes('--json')) console.log(JSON.stringify(rows, null, 2));
  else printTable(rows);
}
