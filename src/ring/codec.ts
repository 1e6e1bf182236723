// Values <-> message bytes for queues and connections: the serializer's format (MessagePack with structured-clone
// types; library objects travel as handles). Numbers, booleans and null — the bulk of small-message traffic — are
// written and read here directly in standard MessagePack (which the serializer decodes too), with no allocation.
import { DecodeError } from '../errors.js';
import { decode, decodeAsync, encode } from '../serialize/index.js';

const NIL = 0xc0;
const FALSE = 0xc2;
const TRUE = 0xc3;
const FLOAT32 = 0xca;
const FLOAT64 = 0xcb;
const UINT8 = 0xcc;
const UINT16 = 0xcd;
const UINT32 = 0xce;
const INT8 = 0xd0;
const INT16 = 0xd1;
const INT32 = 0xd2;

// One reused buffer per encoded size, so that a scalar's bytes are a whole buffer (no subarray to make).
const byte1 = Buffer.allocUnsafeSlow(1);
const bytes5 = Buffer.allocUnsafeSlow(5);
const bytes9 = Buffer.allocUnsafeSlow(9);

/** Encodes `value` (TypeError naming `root`'s path when something cannot be sent). */
export function encodeValue(value: unknown, root: string): Uint8Array {
  if (typeof value === 'number') {
    if ((value | 0) === value && !Object.is(value, -0)) {
      if (value >= 0 && value < 128) {
        byte1[0] = value;
        return byte1;
      }
      bytes5[0] = INT32;
      bytes5.writeInt32BE(value, 1);
      return bytes5;
    }
    bytes9[0] = FLOAT64;
    bytes9.writeDoubleBE(value, 1);
    return bytes9;
  }
  if (value === null || value === true || value === false) {
    byte1[0] = value === null ? NIL : value ? TRUE : FALSE;
    return byte1;
  }
  return encode(value, { root });
}

/** Whether encodeValue's result is a reused buffer that must be copied to be kept. */
export function isReused(bytes: Uint8Array): boolean {
  return bytes === byte1 || bytes === bytes5 || bytes === bytes9;
}

const NOT_SCALAR = Symbol('not a scalar');

/** A top-level MessagePack number, boolean or null, or NOT_SCALAR. */
function decodeScalar(bytes: Buffer): unknown {
  const first = bytes[0];
  switch (bytes.length) {
    case 1:
      if (first < 0x80) return first;
      if (first >= 0xe0) return first - 0x100;
      if (first === NIL) return null;
      if (first === TRUE) return true;
      if (first === FALSE) return false;
      break;
    case 2:
      if (first === UINT8) return bytes[1];
      if (first === INT8) return bytes.readInt8(1);
      break;
    case 3:
      if (first === UINT16) return bytes.readUInt16BE(1);
      if (first === INT16) return bytes.readInt16BE(1);
      break;
    case 5:
      if (first === INT32) return bytes.readInt32BE(1);
      if (first === UINT32) return bytes.readUInt32BE(1);
      if (first === FLOAT32) return bytes.readFloatBE(1);
      break;
    case 9:
      if (first === FLOAT64) return bytes.readDoubleBE(1);
      break;
  }
  return NOT_SCALAR;
}

function checkNotEmpty(bytes: Buffer): void {
  if (bytes.length === 0) throw new DecodeError('received an empty message where a value was expected (was it sent with sendBytes?)');
}

/** Decodes a message; modules of exported classes not loaded yet are loaded with require(). */
export function decodeValue(bytes: Buffer): unknown {
  checkNotEmpty(bytes);
  const scalar = decodeScalar(bytes);
  return scalar !== NOT_SCALAR ? scalar : decode(bytes);
}

/** Like decodeValue, importing modules of exported classes first (needed for ES modules); scalars come back at once. */
export function decodeValueAsync(bytes: Buffer): unknown | Promise<unknown> {
  checkNotEmpty(bytes);
  const scalar = decodeScalar(bytes);
  return scalar !== NOT_SCALAR ? scalar : decodeAsync(bytes);
}
