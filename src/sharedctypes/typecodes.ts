// Python's array/ctypes typecodes and the typed arrays that hold them. 'l'/'L' are 64-bit as on 64-bit Linux,
// so they hold bigints like 'q'/'Q'; 'c' is one byte read and written as a one-character string (Latin-1).
export type IntTypecode = 'b' | 'B' | 'h' | 'H' | 'i' | 'I';
export type BigIntTypecode = 'l' | 'L' | 'q' | 'Q';
export type FloatTypecode = 'f' | 'd';
export type Typecode = IntTypecode | BigIntTypecode | FloatTypecode | 'c';

/** What `.value` holds for a typecode. */
export type ValueOf<T extends Typecode> = T extends BigIntTypecode ? bigint : T extends 'c' ? string : number;

/** The typed array of each typecode. */
export interface ArrayOf {
  b: Int8Array; B: Uint8Array; h: Int16Array; H: Uint16Array; i: Int32Array; I: Uint32Array;
  l: BigInt64Array; L: BigUint64Array; q: BigInt64Array; Q: BigUint64Array; f: Float32Array; d: Float64Array; c: Uint8Array;
}

export type TypedArray = ArrayOf[Typecode];
export type TypedArrayClass = new (buffer: ArrayBufferLike, byteOffset?: number, length?: number) => TypedArray;

export type Kind = 'int' | 'bigint' | 'float' | 'char';

export interface TypecodeInfo {
  array: TypedArrayClass;
  bytes: number;
  kind: Kind;
}

export const TYPECODES: Record<Typecode, TypecodeInfo> = {
  b: { array: Int8Array, bytes: 1, kind: 'int' },
  B: { array: Uint8Array, bytes: 1, kind: 'int' },
  h: { array: Int16Array, bytes: 2, kind: 'int' },
  H: { array: Uint16Array, bytes: 2, kind: 'int' },
  i: { array: Int32Array, bytes: 4, kind: 'int' },
  I: { array: Uint32Array, bytes: 4, kind: 'int' },
  l: { array: BigInt64Array, bytes: 8, kind: 'bigint' },
  L: { array: BigUint64Array, bytes: 8, kind: 'bigint' },
  q: { array: BigInt64Array, bytes: 8, kind: 'bigint' },
  Q: { array: BigUint64Array, bytes: 8, kind: 'bigint' },
  f: { array: Float32Array, bytes: 4, kind: 'float' },
  d: { array: Float64Array, bytes: 8, kind: 'float' },
  c: { array: Uint8Array, bytes: 1, kind: 'char' },
};

/** The description of a typecode; a TypeError naming the valid ones otherwise. */
export function typecodeInfo(typecode: unknown): TypecodeInfo {
  if (typeof typecode === 'string' && Object.hasOwn(TYPECODES, typecode)) return TYPECODES[typecode as Typecode];
  throw new TypeError(`bad typecode ${JSON.stringify(typecode)} (must be b, B, h, H, i, I, l, L, q, Q, f, d or c)`);
}

/** Converts a JS value to what the typed array slot stores, refusing what Python's ctypes would refuse. */
export function toSlot(kind: Kind, value: unknown): number | bigint {
  switch (kind) {
    case 'int':
      if (typeof value === 'number' && Number.isInteger(value)) return value;
      if (typeof value === 'bigint') return Number(value);
      if (typeof value === 'boolean') return Number(value);
      throw new TypeError(`int expected instead of ${describe(value)}`);
    case 'bigint':
      if (typeof value === 'bigint') return value;
      if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
      if (typeof value === 'boolean') return BigInt(value);
      throw new TypeError(`int or bigint expected instead of ${describe(value)}`);
    case 'float':
      if (typeof value === 'number') return value;
      if (typeof value === 'bigint' || typeof value === 'boolean') return Number(value);
      throw new TypeError(`float expected instead of ${describe(value)}`);
    case 'char':
      if (typeof value === 'string' && value.length === 1 && value.charCodeAt(0) < 256) return value.charCodeAt(0);
      if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < 256) return value;
      throw new TypeError(`one character string (Latin-1) expected instead of ${describe(value)}`);
  }
}

/** Converts a stored slot back to the JS value of its kind. */
export function fromSlot(kind: Kind, stored: number | bigint): number | bigint | string {
  return kind === 'char' ? String.fromCharCode(stored as number) : stored;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `string ${JSON.stringify(value.length > 20 ? `${value.slice(0, 20)}…` : value)}`;
  if (typeof value === 'number') return `number ${value}`;
  return value === null ? 'null' : typeof value;
}
