// What the pool dispatches: chunks of work belonging to a job. A job hands out its chunks in order (all at once for
// apply and map, lazily for imap) and hears back each chunk's outcome.
import { decode, decodeAsync, encode, messageFlags } from '../serialize/index.js';
import { Flags } from '../serialize/tags.js';
import { decodeNumberList, encodeNumberList, isNumberList } from './number-lists.js';

export interface Task {
  job: Job;
  chunk: number;
  fn: Function;
  star: boolean;
  /** The chunk's items and kwds, encoded once at submission (so unsendable input is refused there). */
  payload: Uint8Array;
}

export interface Job {
  readonly id: number;
  /** The next chunk ready to send, or null when none is ready now. */
  nextTask(): Task | null;
  /** True once the job will hand out no more chunks. */
  readonly exhausted: boolean;
  /** A chunk's outcome: its results, or the error it raised (or a WorkerLostError). */
  settleChunk(chunk: number, ok: boolean, value: unknown): void;
  /** The pool was terminated or the call aborted: fail whatever is still owed, with `error`. */
  abort(error: unknown): void;
}

let lastJobId = 0;

export function nextJobId(): number {
  return ++lastJobId;
}

/** Encodes one chunk's items (and the kwds every call gets); TypeError names the bad item's index in the input. */
export function encodeChunk(items: unknown[], kwds: object | undefined, firstIndex: number, root: string): Uint8Array {
  if (kwds === undefined) {
    const numbers = encodeNumberList(items);
    if (numbers !== null) return numbers;
  }
  try {
    return encode([items, kwds], { root: 'chunk' });
  } catch (error) {
    // Re-encode item by item to name the input position of the culprit.
    for (let i = 0; i < items.length; i++) encode(items[i], { root: `${root}[${firstIndex + i}]` });
    encode(kwds, { root: 'kwds' });
    throw error;
  }
}

/** Encodes one call's arguments as a one-item chunk; TypeError names the bad argument (args[1].cb). */
export function encodeArgs(args: unknown[], kwds: object | undefined): Uint8Array {
  try {
    return encode([[args], kwds], { root: 'chunk' });
  } catch (error) {
    encode(args, { root: 'args' });
    encode(kwds, { root: 'kwds' });
    throw error;
  }
}

/**
 * A chunk's [items, kwds] as a worker reads them; `translate` rewrites MessagePack bytes before they are decoded (the
 * distributed layer's portable references), a number list has none.
 */
export async function decodeChunk(payload: Uint8Array, translate = (bytes: Uint8Array) => bytes): Promise<[unknown[], object | undefined]> {
  if (isNumberList(payload)) return [decodeNumberList(payload), undefined];
  return (await decodeAsync(translate(payload))) as [unknown[], object | undefined];
}

/** A chunk's results, as a worker sends them back (TypeError, naming the path, for what cannot travel). */
export function encodeResults(results: unknown[]): Uint8Array {
  return encodeNumberList(results) ?? encode(results, { root: 'result' });
}

/** A chunk's outcome (results or error) as the parent reads it: later when classes must be imported first. */
export function decodeOutcome(payload: Uint8Array): unknown {
  if (isNumberList(payload)) return decodeNumberList(payload);
  return messageFlags(payload) & Flags.References ? decodeAsync(payload) : decode(payload);
}

/** Splits `items` into chunks of `chunksize`. */
export function chunked<T>(items: readonly T[], chunksize: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += chunksize) chunks.push(items.slice(i, i + chunksize));
  return chunks;
}
