// Targets for bench/pool.ts, kept apart so that workers importing them do not run the benchmark.
export function square(x: number): number {
  return x * x;
}

export function burn(ms: number): number {
  const end = performance.now() + ms;
  let n = 0;
  while (performance.now() < end) n++;
  return n;
}
