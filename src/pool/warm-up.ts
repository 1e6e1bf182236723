// Runs the codec's hot paths for a pool before its first real call, while the thread would be idle anyway: a map's
// first call otherwise runs them cold (V8 interprets before it compiles), at a fraction of the rate of the calls after
// it, on both sides of the pipe. Done in small steps, so that work arriving meanwhile waits for one step at most.
import { decode, encode } from '../serialize/index.js';
import { MapResult } from './results.js';
import { encodeChunk } from './tasks.js';

/** Enough rounds over chunks of this size for V8 to optimize the encoder's and decoder's loops. */
const ROUNDS = 24;
const ITEMS = 2000;

let roundsLeft = ROUNDS;
let samples: [integers: number[], doubles: number[]] | null = null;

/** One round of encoding and decoding a chunk and its results (~1–4 ms); false once the codec is warm. */
export function warmUpStep(): boolean {
  if (roundsLeft <= 0) return false;
  // Small integers and doubles: V8 keeps their arrays apart (element kinds) and optimizes each path on its own.
  samples ??= [Array.from({ length: ITEMS }, (_, i) => i), Array.from({ length: ITEMS }, (_, i) => i + 0.5)];
  const items = samples[roundsLeft % 2];
  decode(encodeChunk(items, undefined, 0, 'iterable'));
  // The parent's side puts each chunk's results in place.
  new MapResult<number>(ITEMS, ITEMS, 1).settleChunk(0, true, decode(encode(items, { root: 'result' })));
  if (--roundsLeft === 0) samples = null;
  return roundsLeft > 0;
}

/** Warms the codec one step per event-loop turn, for a thread that is waiting on others (a pool's parent). */
export function warmUpInBackground(): void {
  if (roundsLeft <= 0) return;
  setImmediate(() => {
    if (warmUpStep()) warmUpInBackground();
  }).unref();
}
