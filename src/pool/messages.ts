// The pool's wire protocol between the parent and one worker, over that worker's own pipe.
import type { Reference } from '../reference/locate.js';

/** Parent → worker: run `fn` over `items` (one chunk); `star` spreads each item as arguments. */
export interface TaskMessage {
  /** Job and chunk, echoed back in the result. */
  job: number;
  chunk: number;
  /** Function id in this worker's table; `ref` is sent the first time the worker meets the function. */
  fn: number;
  ref: Reference | null;
  star: boolean;
  /** encode([items, kwds]): the chunk's items, and the keyword object every call gets last (or undefined). */
  payload: Uint8Array;
}

/** Worker → parent: the chunk's results in order, or the first error it raised. */
export interface ResultMessage {
  job: number;
  chunk: number;
  ok: boolean;
  value: unknown;
}

/** Parent → worker: no more tasks; exit once idle (Python's None sentinel). */
export const STOP = null;
