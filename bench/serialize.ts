// Serialization formats on the values multiproc sends: our v8-based encoder against msgpackr (with its structured-clone
// extension, which keeps Map/Set/Date/cycles) on small messages and 1 MiB buffers. Decides the wire format.
import { Packr } from 'msgpackr';
import { serialize, deserialize } from 'node:v8';
import { encode, decode } from '../src/serialize/index.js';
import { isEntry, medianOf, printTable, type Row } from './stats.js';

const SMALL = { id: 42, name: 'task', args: [1, 2.5, 'three'], ok: true };
const NUMBERS = Array.from({ length: 1000 }, (_, i) => i * 1.5);
const BIG = new Uint8Array(1 << 20).fill(7);

function rate(fn: () => void, seconds = 0.3): number {
  let n = 0;
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    for (let i = 0; i < 100; i++) fn();
    n += 100;
  }
  return n / seconds;
}

export async function benchSerialize(options: { repeat?: number } = {}): Promise<Row[]> {
  const repeat = options.repeat ?? 5;
  const packr = new Packr({ structuredClone: true });
  const subjects: Record<string, (v: unknown) => unknown> = {
    'multiproc encode+decode': (v) => decode(encode(v)),
    'v8.serialize+deserialize (raw)': (v) => deserialize(serialize(v)),
    'msgpackr pack+unpack (structuredClone)': (v) => packr.unpack(packr.pack(v)),
  };
  const rows: Row[] = [];
  for (const [workload, value, unit, scale] of [
    ['small object round trip', SMALL, 'msgs/s', 1],
    ['1000 numbers round trip', NUMBERS, 'msgs/s', 1],
    ['1 MiB Uint8Array round trip', BIG, 'MB/s', 1],
  ] as const) {
    let reference = 0;
    for (const [subject, fn] of Object.entries(subjects)) {
      const value_ = await medianOf(repeat, () => rate(() => fn(value)) * scale);
      if (reference === 0) reference = value_;
      rows.push({ workload, subject, value: value_, unit, ratio: value_ / reference });
    }
  }
  return rows;
}

if (isEntry(import.meta.url)) {
  const rows = await benchSerialize();
  if (process.argv.includes('--json')) console.log(JSON.stringify(rows, null, 2));
  else printTable(rows);
}
