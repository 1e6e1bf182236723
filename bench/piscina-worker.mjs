// piscina's worker for bench/pool.ts: piscina runs a file's default export (it cannot take a function).
export default function square(x) {
  return x * x;
}

export function burn(ms) {
  const end = performance.now() + ms;
  let n = 0;
  while (performance.now() < end) n++;
  return n;
}
