// Like process-runner.mjs, as a TypeScript program using the built library: run as `node --import tsx` or, on a Node
// that strips types itself (>= 23.6), as `node`; the target lives in a .ts module. Prints the times (ms) as JSON.
// A .mts file: the bench command imports every bench/*.ts file to find its benchmarks, and this one runs on import.
// By URL: Node's own type stripping needs the .ts extension, which the type-checker refuses in a static import.
const { noopTyped } = (await import(new URL('./process-target-ts.ts', import.meta.url).href)) as typeof import('./process-target-ts.js');
const library = new URL('../dist/index.js', import.meta.url).href;
const { getContext, isMainProcess } = (await import(library)) as typeof import('../src/index.js');

if (isMainProcess()) {
  const [method, repeat, pause] = process.argv.slice(2);
  const { Process } = getContext(method);
  const times: number[] = [];
  for (let i = 0; i <= Number(repeat); i++) {
    const t0 = performance.now();
    const p = new Process({ target: noopTyped });
    p.start();
    await p.join();
    if (i > 0) times.push(performance.now() - t0);
    await new Promise((resolve) => setTimeout(resolve, Number(pause)));
  }
  console.log(JSON.stringify(times));
}
