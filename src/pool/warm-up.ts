// Runs a pool's hot paths before its first real call: a chunk's frames, its number-list encoding both ways
// (number-lists.ts), a worker's chunk loop and the parent's joining of results. Run cold, V8 interprets them and a
// map's first call goes at a fraction of the rate of the calls after it, on both sides of the pipe. The samples have
// the shapes real calls bring — lists cut by chunked(), integers of every width and sign, doubles, results that
// outgrow 32 bits — because code optimized on other shapes is thrown away (deoptimized) at the first value it has not
// seen. Lists of other values go through the general codec, which this leaves to the bootstrap's own warm-up.
import { readResult, readTask, writeResult, writeTask } from './messages.js';
import { MapResult } from './results.js';
import { runChunk } from './run-chunk.js';
import { decodeOutcome, encodeChunk, encodeResults } from './tasks.js';

/** Items per sample chunk: loops long enough to be optimized while they run. */
const ITEMS = 2048;
/** Rounds over every sample: enough, measured on Node 20–24, for the hot functions to reach V8's optimizing tier. */
const ROUNDS = 12;
/** A worker recycled after fewer tasks (maxtasksperchild) does not warm up: each replacement would pay it again. */
export const WARM_UP_MIN_TASKS = 100;

let samples: number[][] | null = null;
let stepsDone = 0;
/** Where the current round places its chunks' results, as the parent places a map's. */
let placed: MapResult<unknown> | null = null;
/** A parent's background chain is under way (a second pool started meanwhile does not start another). */
let inBackground = false;

/** What tasks do to sample items: grow past 32 bits (their list then goes as Float64), or come back as they are. */
function square(item: number): number {
  return item * item;
}

function same(item: number): number {
  return item;
}

function makeSamples(): number[][] {
  // Multiples of 37 up to ~150k, their halves past the point and their negatives: Int32 lists, and Float64 ones.
  const integers = Array.from({ length: 2 * ITEMS }, (_, i) => i * 37);
  const first = integers.slice(0, ITEMS);
  return [first, integers.slice(ITEMS), first.map((n) => n + 0.5), first.map((n) => -n)];
}

/** One sample chunk the whole way (encode, run, encode the results, decode them, place them); false once warm. */
async function warmUpStep(): Promise<boolean> {
  if (stepsDone === 0) samples ??= makeSamples();
  if (samples === null) return false;
  const kinds = samples.length;
  const step = stepsDone++;
  const chunk = step % kinds;
  if (chunk === 0 || placed === null) placed = new MapResult<unknown>(kinds);
  const target = placed;
  // Two functions: the chunk loop's call then stays generic, and the user's function, a third, does not deoptimize it.
  const fn = step % 2 === 0 ? square : same;
  // Through the frames too: the task the loop reads must have the shape of the ones the pipe brings.
  const task = readTask(writeTask({ id: 0, fn: 0, ref: null, star: false, payload: encodeChunk(samples[chunk], undefined, 0, 'iterable') }))!;
  const results = await runChunk(fn, task);
  target.settleChunk(chunk, true, decodeOutcome(readResult(writeResult(0, true, 0, encodeResults(results))).payload));
  if (stepsDone < ROUNDS * kinds) return true;
  samples = null;
  placed = null;
  return false;
}

/** Every step at once: a pool worker, before it takes its first task. */
export async function warmUp(): Promise<void> {
  while (await warmUpStep());
}

/** One step per event-loop turn, for a thread that is waiting on others anyway (a pool's parent, while its workers boot). */
export function warmUpInBackground(): void {
  if (inBackground || (stepsDone > 0 && samples === null)) return;
  inBackground = true;
  const next = () =>
    setImmediate(() => {
      void warmUpStep().then((more) => (more ? next() : (inBackground = false)));
    }).unref();
  next();
}
