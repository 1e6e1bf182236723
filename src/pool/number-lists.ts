// A pool chunk whose items (or results) are all plain numbers — map(fn, range(n)) and most of what it returns — goes
// over the pipe as the bytes of an Int32Array or a Float64Array instead of MessagePack: packing and unpacking each
// number cost the parent most of a warm map's time, and every result past 31 bits came back as a boxed number
// (figures in docs/architecture.md, "A pool's first call"). Float64 keeps every number exactly (-0, NaN, ±Infinity).
import { DecodeError } from '../errors.js';

/** A byte MessagePack never uses: no encode() output starts with it, so the two formats cannot be confused. */
const MARKER = 0xc1;
const INT32 = 1;
const FLOAT64 = 2;
/** MARKER, kind, two zero bytes, the count (uint32 LE): the numbers start 8-byte aligned within the payload. */
const HEADER = 8;
/** Shorter lists gain nothing from it, and stay MessagePack. */
const MIN_LENGTH = 16;

type Kind = typeof INT32 | typeof FLOAT64;

/** INT32 when every value is a 32-bit integer (not -0), FLOAT64 when every value is a number, else null. */
function kindOf(values: readonly unknown[]): Kind | null {
  if (values.length < MIN_LENGTH) return null;
  let kind: Kind = INT32;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (typeof value !== 'number') return null;
    if (kind === INT32 && !Object.is(value, value | 0)) kind = FLOAT64;
  }
  return kind;
}

/** The list as number-list bytes, or null when it is not a list of numbers (encode it as anything else). */
export function encodeNumberList(values: readonly unknown[]): Uint8Array | null {
  const kind = kindOf(values);
  if (kind === null) return null;
  const count = values.length;
  const bytes = new Uint8Array(HEADER + count * (kind === INT32 ? 4 : 8));
  bytes[0] = MARKER;
  bytes[1] = kind;
  new DataView(bytes.buffer).setUint32(4, count, true);
  const numbers = kind === INT32 ? new Int32Array(bytes.buffer, HEADER, count) : new Float64Array(bytes.buffer, HEADER, count);
  for (let i = 0; i < count; i++) numbers[i] = values[i] as number;
  return bytes;
}

export function isNumberList(payload: Uint8Array): boolean {
  return payload.length > 0 && payload[0] === MARKER;
}

/** The numbers of number-list bytes, as a plain array; DecodeError for bytes that are not a whole number list. */
export function decodeNumberList(payload: Uint8Array): number[] {
  const kind = payload[1];
  const size = kind === INT32 ? 4 : kind === FLOAT64 ? 8 : 0;
  const count = payload.length >= HEADER ? new DataView(payload.buffer, payload.byteOffset, HEADER).getUint32(4, true) : -1;
  if (size === 0 || count < 0 || payload.length !== HEADER + count * size) throw new DecodeError('malformed number list in a pool message');
  // Copied out to an aligned buffer: the payload sits wherever its frame put it.
  const aligned = new Uint8Array(count * size);
  aligned.set(payload.subarray(HEADER));
  const numbers = kind === INT32 ? new Int32Array(aligned.buffer) : new Float64Array(aligned.buffer);
  const values = new Array<number>(count);
  for (let i = 0; i < count; i++) values[i] = numbers[i];
  return values;
}
