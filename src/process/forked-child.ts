// The fork server's side of 'forkserver' (see fork-server.ts for the parent's): the bootstrap, loaded with the library
// and the preload modules, enters the native fork loop, which returns only in each forked child. What a child copies
// from the server and must not keep is replaced here: its pid, the state of Math.random and the server's Node options.
import { native } from '../platform/native.js';
import { SINGLE_THREADED } from './handle.js';
import { forkedChildExecArgv } from './typescript-loader.js';

let forked = false;

/** Whether this process is a child forked by the fork server (it ends with a plain _exit, never a helper). */
export function isForkedChild(): boolean {
  return forked;
}

/** xoshiro128**, seeded with fresh random words: every child would otherwise repeat the server's sequence. */
function seededRandom(seed: number[]): () => number {
  let [a, b, c, d] = seed.map((word) => word >>> 0);
  if ((a | b | c | d) === 0) a = 1; // the one state the generator cannot leave
  const next = (): number => {
    const result = Math.imul(rotateLeft(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotateLeft(d, 11);
    return result;
  };
  // 53 random bits, as V8's own Math.random gives.
  return function random(): number {
    return ((next() >>> 5) * 67108864 + (next() >>> 6)) / 9007199254740992;
  };
}

function rotateLeft(x: number, bits: number): number {
  return (x << bits) | (x >>> (32 - bits));
}

/**
 * Runs the fork server: returns only in a forked child, once it is a process of its own (its payload then arrives on
 * fd 3, as a spare's does).
 */
export function serveForks(): void {
  const { pid, seed } = native!.forkServe!();
  forked = true;
  Object.defineProperty(process, 'pid', { value: pid, writable: false, enumerable: true, configurable: true });
  Math.random = seededRandom(seed);
  // The options the server was started with for the fork's sake (fork-server.ts adds --single-threaded last): this
  // child's own children get the parent's options, as a spawned child's do.
  const added = process.execArgv.lastIndexOf(SINGLE_THREADED);
  if (added >= 0) process.execArgv.splice(added, 1);
  process.execArgv.splice(0, process.execArgv.length, ...forkedChildExecArgv(process.execArgv));
}
