// Reading a child's output pipe to its end while keeping every chunk, so communicate() can be called again
// after a timeout (as in Python) and a timeout can report what was read so far.
import type { Readable } from 'node:stream';
import { decodeOutput } from './output.js';
import { FOREVER, raceTimeout, TIMED_OUT } from '../time.js';

/** Accumulates everything a stream yields; `done` settles at its end (or when it is closed or fails). */
export class Collector {
  readonly #chunks: (Buffer | string)[] = [];
  readonly done: Promise<void>;

  constructor(stream: Readable) {
    stream.on('data', (chunk: Buffer | string) => this.#chunks.push(chunk));
    this.done = endOf(stream);
  }

  /** Everything read so far, as bytes or (in text mode) as text. */
  take(encoding: BufferEncoding | null): Buffer | string {
    const chunks = this.#chunks;
    if (typeof chunks[0] === 'string') return decodeOutput((chunks as string[]).join(''), encoding);
    const data = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks as Buffer[]);
    return decodeOutput(data, encoding);
  }
}

/** Settles when a readable stream ends, is closed or fails. */
export function endOf(stream: Readable): Promise<void> {
  return new Promise((resolve) => {
    if (stream.readableEnded || stream.destroyed) return resolve();
    stream.once('end', resolve);
    stream.once('close', resolve);
    stream.once('error', () => resolve());
  });
}

/** Settle with `work`, or reject with `onTimeout()` after `timeout` ms (null: never), or with `signal`'s reason. */
export async function withTimeout<T>(work: Promise<T>, timeout: number | null, onTimeout: () => Error, signal?: AbortSignal): Promise<T> {
  const outcome = await raceTimeout(work, timeout ?? FOREVER, { signal });
  if (outcome === TIMED_OUT) throw onTimeout();
  return outcome;
}
