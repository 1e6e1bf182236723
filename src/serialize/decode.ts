// bytes -> value: unpack, then (only when the sender said so) one walk that replaces tagged stand-ins with
// library objects, class instances, errors of their own class and shared memory views. The bytes may come from
// anyone: a class is revived only from a module the receiver trusts (reference/trust.ts); an instance of any other
// class arrives as a plain object and an error as its nearest built-in or library error class.
import { DecodeError, errorClasses } from '../errors.js';
import { resolveTrustedReference, resolveTrustedReferenceSync } from '../reference/resolve.js';
import { attachSegment } from '../shm/segment.js';
import { hasReducer, reducerByTag } from './registry.js';
import { packer } from './format.js';
import { Flags, looksLikeEnvelope, Tag, TAG_KEY } from './tags.js';

type Tagged = Record<string, any> & { [TAG_KEY]: Tag };

const BUILTIN_ERRORS: Record<string, new (message?: string) => Error> = {
  Error, TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError, AggregateError: AggregateError as never,
  ...errorClasses,
};

const VIEWS: Record<string, new (buffer: SharedArrayBuffer, offset: number, length: number) => ArrayBufferView> = {
  Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array,
  BigInt64Array, BigUint64Array, DataView, Buffer: Uint8Array,
};

function isTagged(value: object): value is Tagged {
  return Object.hasOwn(value, TAG_KEY);
}

class Reviver {
  private readonly done = new Map<object, unknown>();

  constructor(private readonly attachments: readonly SharedArrayBuffer[] | undefined) {}

  revive(value: unknown): unknown {
    if (typeof value !== 'object' || value === null) return value;
    const known = this.done.get(value);
    if (known !== undefined) return known;
    if (Array.isArray(value)) {
      this.done.set(value, value);
      for (let i = 0; i < value.length; i++) value[i] = this.revive(value[i]);
      return value;
    }
    if (value instanceof Map) {
      this.done.set(value, value);
      const entries = [...value];
      value.clear();
      for (const [key, item] of entries) value.set(this.revive(key), this.revive(item));
      return value;
    }
    if (value instanceof Set) {
      this.done.set(value, value);
      const items = [...value];
      value.clear();
      for (const item of items) value.add(this.revive(item));
      return value;
    }
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return value;
    if (isTagged(value)) return this.reviveTagged(value);
    this.done.set(value, value);
    this.reviveProperties(value as Record<string, unknown>, value as Record<string, unknown>);
    return value;
  }

  private reviveProperties(from: Record<string, unknown>, into: Record<string, unknown>): void {
    if (typeof from !== 'object' || from === null) return;
    // defineProperty: a received '__proto__' key is data, never a prototype.
    for (const key of Object.keys(from)) Object.defineProperty(into, key, { value: this.revive(from[key]), writable: true, enumerable: true, configurable: true });
  }

  private reviveTagged(value: Tagged): unknown {
    switch (value[TAG_KEY]) {
      case Tag.Reduced: {
        // Reviving may need the module that registers the reducer (its class's module): import it if need be.
        if (!hasReducer(value.t) && value.mod) resolveTrustedReferenceSync(value.mod);
        const revived = reducerByTag(value.t).revive(this.revive(value.s));
        this.done.set(value, revived);
        return revived;
      }
      case Tag.Instance: {
        const cls = resolveTrustedReferenceSync(value.r);
        const instance = (cls === null ? {} : Object.create(cls.prototype as object)) as Record<string, unknown>;
        this.done.set(value, instance);
        this.reviveProperties(value.p, instance);
        return instance;
      }
      case Tag.Error:
        return this.reviveError(value);
      case Tag.SharedBuffer: {
        const buffer = this.sharedBuffer(value);
        this.done.set(value, buffer);
        return buffer;
      }
      case Tag.SharedView: {
        const view = new VIEWS[value.k](this.sharedBuffer(value.b), value.o, value.l);
        this.done.set(value, view);
        return view;
      }
      default:
        throw new TypeError(`unknown tag ${JSON.stringify(value[TAG_KEY])} in a received message`);
    }
  }

  private sharedBuffer(tagged: Tagged): SharedArrayBuffer {
    if (typeof tagged.n === 'string') return attachSegment(tagged.n).buffer;
    const buffer = this.attachments?.[tagged.a];
    if (buffer === undefined) throw new TypeError('a received message refers to a SharedArrayBuffer that was not sent with it');
    return buffer;
  }

  private reviveError(value: Tagged): Error {
    const builtin = Object.hasOwn(BUILTIN_ERRORS, value.c) ? BUILTIN_ERRORS[value.c] : Error;
    const cls: Function = (value.r !== null && value.r !== undefined ? resolveTrustedReferenceSync(value.r) : null) ?? builtin;
    const error = Object.create(cls.prototype as object) as Error;
    this.done.set(value, error);
    Object.defineProperty(error, 'message', { value: value.m, writable: true, configurable: true, enumerable: false });
    const remote = typeof value.k === 'string' ? value.k : `${value.c}: ${value.m}`;
    // The frames that matter are the remote ones; say where they ran.
    Object.defineProperty(error, 'stack', {
      value: `${remote}\n    at <process ${value.i}> (received from another process)`,
      writable: true,
      configurable: true,
      enumerable: false,
    });
    this.reviveProperties(value.p, error as unknown as Record<string, unknown>);
    if (value.h) Object.defineProperty(error, 'cause', { value: this.revive(value.u), writable: true, configurable: true, enumerable: false });
    return error;
  }
}

function collectReferences(value: unknown, into: unknown[], seen: Set<object>): void {
  if (typeof value !== 'object' || value === null || seen.has(value)) return;
  seen.add(value);
  if (value instanceof Map) {
    for (const [key, item] of value) {
      collectReferences(key, into, seen);
      collectReferences(item, into, seen);
    }
    return;
  }
  const items = Array.isArray(value) || value instanceof Set ? [...value] : Object.values(value);
  if (!Array.isArray(value) && isTagged(value)) {
    if (value.r) into.push(value.r);
    if (value.mod) into.push(value.mod);
  }
  for (const item of items) collectReferences(item, into, seen);
}

function notAMessage(bytes: Uint8Array, reason: string, cause?: unknown): DecodeError {
  return new DecodeError(`received ${bytes.length} bytes that are not a valid message (${reason}); was it sent with sendBytes() rather than send()?`, { cause });
}

function deserializeBody(bytes: Uint8Array): { flags: number; body: unknown } {
  if (bytes.length === 0) throw new DecodeError('cannot decode an empty message: it was not sent with send()');
  let unpacked: unknown;
  try {
    unpacked = packer.unpack(bytes);
  } catch (error) {
    // The decoder's own error names its internals; what the receiver needs is that the bytes are not a message.
    throw notAMessage(bytes, (error as Error).message, error);
  }
  // The one byte MessagePack never uses decodes to a marker object instead of failing.
  if ((unpacked as object | null)?.constructor?.name === 'C1Type') throw notAMessage(bytes, 'byte 0xc1 is never used');
  return looksLikeEnvelope(unpacked) ? { flags: unpacked[1], body: unpacked[2] } : { flags: Flags.Plain, body: unpacked };
}

/** Decodes bytes from encode(); trusted modules of exported classes inside are loaded with require() if not yet loaded. */
export function decode(bytes: Uint8Array, attachments?: readonly SharedArrayBuffer[]): unknown {
  const { flags, body } = deserializeBody(bytes);
  return flags & Flags.Tagged ? new Reviver(attachments).revive(body) : body;
}

/** Like decode(), importing the trusted modules of exported classes first (ES modules with top-level await included). */
export async function decodeAsync(bytes: Uint8Array, attachments?: readonly SharedArrayBuffer[]): Promise<unknown> {
  const { flags, body } = deserializeBody(bytes);
  if (!(flags & Flags.Tagged)) return body;
  if (flags & Flags.References) {
    const references: unknown[] = [];
    collectReferences(body, references, new Set());
    for (const reference of references) await resolveTrustedReference(reference);
  }
  return new Reviver(attachments).revive(body);
}
