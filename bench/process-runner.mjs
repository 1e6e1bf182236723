// Runs start+join of a trivial Process `repeat` times under one start method against the compiled library (dist/),
// as an installed package would; prints the per-iteration times (ms) as JSON. `pause` ms between iterations lets
// the forkserver's next child get ready (forked ahead, or a warm spare under a loader), which is the latency that
// start method offers; `preload` has the fork server (or the spare) import the target's module before the start
// (setForkserverPreload); `library` takes a target whose module imports the library itself.
// The package by its own name: its dist/index.js, from the checkout as from an installed package.
import { getContext, isMainProcess } from 'multiproc';
import { noop } from './process-target.mjs';
import { noopWithLibrary } from './process-target-library.mjs';

if (isMainProcess()) {
  const [method, repeat, pause, option] = process.argv.slice(2);
  const target = option === 'library' ? noopWithLibrary : noop;
  const { Process, setForkserverPreload } = getContext(method);
  if (option === 'preload') setForkserverPreload([new URL('./process-target.mjs', import.meta.url)]);
  const times = [];
  for (let i = 0; i <= Number(repeat); i++) {
    const t0 = performance.now();
    const p = new Process({ target });
    p.start();
    await p.join();
    if (i > 0) times.push(performance.now() - t0);
    await new Promise((resolve) => setTimeout(resolve, Number(pause)));
  }
  console.log(JSON.stringify(times));
}
