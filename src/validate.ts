// The checks every public entry point makes on its arguments, in one place so that the same mistake gets the same
// error everywhere: a TypeError for the wrong kind of value, a ValueError for the right kind out of range, each
// naming the argument and what to pass instead. Nothing bad is ever accepted silently.
import { ValueError } from './errors.js';

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return `${typeof value} ${String(value)}`;
  if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`;
  if (typeof value === 'object') return `${(value as object).constructor?.name ?? 'Object'} object`;
  return typeof value;
}

/**
 * A timeout in milliseconds as Python reads one: undefined or null waits forever (returned as null), Infinity too,
 * a negative number means 0. Anything but a number (NaN included) is a TypeError.
 */
export function checkTimeout(timeout: unknown, what = 'timeout'): number | null {
  if (timeout === undefined || timeout === null || timeout === Infinity) return null;
  if (typeof timeout !== 'number' || Number.isNaN(timeout)) {
    throw new TypeError(`${what} must be a number of milliseconds (or null to wait without limit), got ${describe(timeout)}`);
  }
  return Math.max(0, timeout);
}

/** A count or size: an integer of at least `min` (a TypeError when not an integer, a ValueError when below). */
export function checkInteger(value: unknown, what: string, min = 0): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new TypeError(`${what} must be an integer, got ${describe(value)}`);
  if (value < min) throw new ValueError(`${what} must be at least ${min}, got ${value}`);
  return value;
}

/** An options bag: undefined, or a plain object (not null, an array, a number or a string). */
export function checkOptions<T extends object>(options: T | undefined, what: string, example: string): T | undefined {
  if (options === undefined) return undefined;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`${what} must be an object such as ${example}, got ${describe(options)}`);
  }
  return options;
}

/** A function argument that may be left out. */
export function checkOptionalFunction(fn: unknown, what: string): Function | undefined {
  if (fn === undefined || fn === null) return undefined;
  if (typeof fn !== 'function') throw new TypeError(`${what} must be a function, got ${describe(fn)}`);
  return fn;
}

/** Bytes to send: a Buffer, typed array, DataView or ArrayBuffer (a string must be encoded first). */
export function checkBytesLike(data: unknown, what: string): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (data instanceof ArrayBuffer || data instanceof SharedArrayBuffer) return new Uint8Array(data);
  const hint = typeof data === 'string' ? ' (encode a string first: Buffer.from(text))' : '';
  throw new TypeError(`${what} must be bytes (a Buffer, typed array, DataView or ArrayBuffer), got ${describe(data)}${hint}`);
}
