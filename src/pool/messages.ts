// The pool's wire protocol between the parent and one worker, over that worker's own pipe: small binary frames
// around payloads encoded once (a task's items are encoded at submission, a result's value once in the worker).
import type { Reference } from '../reference/locate.js';

/** Parent → worker: run function `fn` of the worker's table over one chunk. */
export interface TaskFrame {
  /** The parent's id for this chunk, echoed back in the result. */
  id: number;
  /** Function id in this worker's table; `ref` is sent the first time the worker meets the function. */
  fn: number;
  ref: Reference | null;
  /** Spread each item as arguments (starmap, apply). */
  star: boolean;
  /** encode([items, kwds]). */
  payload: Uint8Array;
}

/** Worker → parent: the chunk's results in order, or the error it raised. */
export interface ResultFrame {
  id: number;
  ok: boolean;
  /** How long the worker spent on the chunk (µs): the parent sizes each worker's queue from it. */
  micros: number;
  /** encode(results) or encode(error). */
  payload: Uint8Array;
}

const TASK = 1;
const STOP = 0;
const TASK_HEADER = 1 + 1 + 4 * 3;
const RESULT_HEADER = 4 * 2 + 1;

/** Parent → worker: no more tasks; exit once idle (Python's None sentinel). */
export const STOP_FRAME = Buffer.from([STOP]);

export function writeTask(task: TaskFrame): Buffer {
  const ref = task.ref === null ? null : Buffer.from(JSON.stringify(task.ref));
  const refLength = ref?.length ?? 0;
  const frame = Buffer.allocUnsafe(TASK_HEADER + refLength + task.payload.length);
  frame[0] = TASK;
  frame[1] = task.star ? 1 : 0;
  frame.writeUInt32LE(task.id, 2);
  frame.writeUInt32LE(task.fn, 6);
  frame.writeUInt32LE(refLength, 10);
  if (ref !== null) ref.copy(frame, TASK_HEADER);
  frame.set(task.payload, TASK_HEADER + refLength);
  return frame;
}

/** The task in a frame, or null for STOP. */
export function readTask(frame: Buffer): TaskFrame | null {
  if (frame[0] === STOP) return null;
  const refLength = frame.readUInt32LE(10);
  const ref = refLength === 0 ? null : (JSON.parse(frame.toString('utf8', TASK_HEADER, TASK_HEADER + refLength)) as Reference);
  return {
    star: frame[1] === 1,
    id: frame.readUInt32LE(2),
    fn: frame.readUInt32LE(6),
    ref,
    payload: frame.subarray(TASK_HEADER + refLength),
  };
}

export function writeResult(id: number, ok: boolean, micros: number, payload: Uint8Array): Buffer {
  const frame = Buffer.allocUnsafe(RESULT_HEADER + payload.length);
  frame.writeUInt32LE(id, 0);
  frame.writeUInt32LE(Math.min(0xffffffff, Math.round(micros)), 4);
  frame[8] = ok ? 1 : 0;
  frame.set(payload, RESULT_HEADER);
  return frame;
}

export function readResult(frame: Buffer): ResultFrame {
  return { id: frame.readUInt32LE(0), micros: frame.readUInt32LE(4), ok: frame[8] === 1, payload: frame.subarray(RESULT_HEADER) };
}
