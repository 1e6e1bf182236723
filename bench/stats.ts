// Small helpers shared by the benchmarks: repetitions, medians, and the table they print.

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Runs `fn` `repeat` times and returns the median of what it returns. */
export async function medianOf(repeat: number, fn: () => number | Promise<number>): Promise<number> {
  const values: number[] = [];
  for (let i = 0; i < repeat; i++) values.push(await fn());
  return median(values);
}

export interface Row {
  workload: string;
  subject: string;
  value: number;
  unit: string;
  /** value relative to the reference subject of the same workload (>1 = better for rates, worse for times). */
  ratio?: number;
  note?: string;
}

export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Math.abs(n) >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (Math.abs(n) >= 1e4) return `${(n / 1e3).toFixed(1)}k`;
  return n >= 100 ? n.toFixed(0) : n.toPrecision(3);
}

export function printTable(rows: Row[]): void {
  const lines = rows.map((r) => [r.workload, r.subject, `${formatNumber(r.value)} ${r.unit}`, r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}×`, r.note ?? '']);
  const header = ['workload', 'subject', 'median', 'ratio', 'note'];
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const render = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(render(header));
  console.log(`| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`);
  for (const line of lines) console.log(render(line));
}

/** Whether this file is the program being run (so each bench file works alone and as a module). */
export function isEntry(url: string): boolean {
  return process.argv[1] !== undefined && url.endsWith(process.argv[1].replace(/^.*\//, '/')) && new URL(url).pathname === process.argv[1];
}
