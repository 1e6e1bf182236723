// value -> bytes. A first pass only looks (and refuses what cannot be sent, naming its path); values it finds plain
// go straight to the packer, the rest are copied once with tagged stand-ins for what the format cannot carry.
import { errorClasses } from '../errors.js';
import { locateFunction } from '../reference/inspector.js';
import { referenceOf, type Reference } from '../reference/locate.js';
import { segmentNameOf } from '../shm/segment.js';
import { native, nativeMissing } from '../platform/native.js';
import { reducerFor } from './registry.js';
import { packer } from './format.js';
import { ENVELOPE, Flags, looksLikeEnvelope, Tag, TAG_KEY } from './tags.js';
import { unsendable } from './unsendable.js';

export interface EncodeOptions {
  /** How the value is named in errors, e.g. 'args' gives 'args[1].cb'. */
  root?: string;
  /** Where unnamed SharedArrayBuffers go when the receiver is a thread of this process (postMessage carries them). */
  attachments?: SharedArrayBuffer[];
  /** The value goes to a child being started, over its start channel (see ReduceContext). */
  forChild?: boolean;
}

const BUILTIN_ERRORS = new Set<Function>([Error, TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError, AggregateError]);
const LIBRARY_ERRORS = new Set<Function>(Object.values(errorClasses));
const LEAVES = [Date, RegExp, ArrayBuffer, Boolean, Number, String, BigInt];
const REFUSED = [Promise, WeakMap, WeakSet, WeakRef];
const classCache = new WeakMap<Function, ClassInfo>();

interface ClassInfo {
  /** How the receiver imports the class, or null when it cannot (its instances then travel as plain objects). */
  reference: Reference | null;
  /** A class of Node.js itself or of native code: its instances hold resources (sockets, handles) and are refused. */
  internal: boolean;
}

function classInfo(ctor: Function | undefined): ClassInfo {
  if (typeof ctor !== 'function') return { reference: null, internal: false };
  let info = classCache.get(ctor);
  if (info === undefined) {
    const url = locateFunction(ctor)?.url;
    let reference: Reference | null = null;
    try {
      reference = referenceOf(ctor, 'class');
    } catch {
      reference = null;
    }
    info = { reference, internal: url === undefined || !url.startsWith('file:') };
    classCache.set(ctor, info);
  }
  return info;
}

function classReference(ctor: Function | undefined): Reference | null {
  return classInfo(ctor).reference;
}

function isPlain(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function isSharedView(value: object): value is ArrayBufferView {
  return ArrayBuffer.isView(value) && value.buffer instanceof SharedArrayBuffer;
}

function isLeaf(value: object): boolean {
  return ArrayBuffer.isView(value) || LEAVES.some((type) => value instanceof type);
}

class Encoder {
  flags = Flags.Plain;
  private readonly steps: (string | number)[] = [];
  private readonly seen = new Set<object>();
  private readonly copies = new Map<object, unknown>();

  constructor(private readonly options: EncodeOptions) {}

  private refuse(value: unknown, hint?: string): TypeError {
    return unsendable(this.options.root ?? 'value', this.steps, value, hint);
  }

  /** Unnamed memory cannot reach another process: without the addon nothing is named, else it was never shared. */
  private refusePrivateMemory(value: unknown): Error {
    if (native === null) return nativeMissing('Sharing memory with another process (what a process Pool, a Manager, or a Queue, Lock or Value given to a Process does)');
    return this.refuse(value, 'this memory is private to the process; share memory through SharedMemory, RawArray or Value');
  }

  /** Pass 1: throws on what cannot be sent; sets flags when something needs a stand-in. */
  scan(value: unknown): void {
    if (typeof value !== 'object' || value === null) {
      if (typeof value === 'function' || typeof value === 'symbol') throw this.refuse(value);
      return;
    }
    if (this.seen.has(value)) return;
    this.seen.add(value);
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const item = value[i];
        if (typeof item === 'object' || typeof item === 'function' || typeof item === 'symbol') this.scanStep(i, item);
      }
    } else if (isPlain(value)) {
      for (const key of Object.keys(value)) this.scanStep(key, (value as Record<string, unknown>)[key]);
    } else if (reducerFor(value) !== undefined) {
      // Library objects (checked first: a SharedArray is also a typed array) travel as handles; the receiver may
      // not have loaded the module that registers the reducer, so it imports it first.
      this.flags |= Flags.Tagged | Flags.References;
    } else if (value instanceof Map) {
      let i = 0;
      for (const [key, item] of value) {
        this.scanStep(`<key ${i}>`, key);
        this.scanStep(i++, item);
      }
    } else if (value instanceof Set) {
      let i = 0;
      for (const item of value) this.scanStep(i++, item);
    } else if (value instanceof SharedArrayBuffer || isSharedView(value)) {
      const buffer = value instanceof SharedArrayBuffer ? value : ((value as ArrayBufferView).buffer as SharedArrayBuffer);
      if (segmentNameOf(buffer) === null && this.options.attachments === undefined) throw this.refusePrivateMemory(value);
      this.flags |= Flags.Tagged;
    } else if (isLeaf(value)) {
      return;
    } else if (REFUSED.some((type) => value instanceof type)) {
      throw this.refuse(value);
    } else if (value instanceof Error) {
      this.flags |= Flags.Tagged;
      if (classReference(value.constructor) !== null && !LIBRARY_ERRORS.has(value.constructor)) this.flags |= Flags.References;
      for (const key of Object.keys(value)) this.scanStep(key, (value as unknown as Record<string, unknown>)[key]);
      if (Object.hasOwn(value, 'cause')) this.scanStep('cause', value.cause);
    } else {
      const ctor = (value as { constructor?: Function }).constructor;
      if (classReference(ctor) !== null) this.flags |= Flags.Tagged | Flags.References;
      else if (classInfo(ctor).internal) throw this.refuse(value, 'objects of Node.js or native classes hold resources that cannot be copied');
      for (const key of Object.keys(value)) this.scanStep(key, (value as Record<string, unknown>)[key]);
    }
  }

  private scanStep(step: string | number, value: unknown): void {
    this.steps.push(step);
    this.scan(value);
    this.steps.pop();
  }

  /** Pass 2 (only when pass 1 set Tagged): a copy with stand-ins. */
  copy(value: unknown): unknown {
    if (typeof value !== 'object' || value === null) return value;
    const done = this.copies.get(value);
    if (done !== undefined) return done;
    if (Array.isArray(value)) {
      const out: unknown[] = new Array(value.length);
      this.copies.set(value, out);
      for (let i = 0; i < value.length; i++) out[i] = this.copy(value[i]);
      return out;
    }
    if (isPlain(value)) return this.copyProperties(value, Object.getPrototypeOf(value) === null ? Object.create(null) : {});
    const reducer = reducerFor(value);
    if (reducer !== undefined) {
      const out: Record<string, unknown> = { [TAG_KEY]: Tag.Reduced, t: reducer.tag, mod: classReference(reducer.type) };
      this.copies.set(value, out);
      out.s = this.copy(reducer.reduce(value, { forChild: this.options.forChild === true }));
      return out;
    }
    if (value instanceof Map) {
      const out = new Map();
      this.copies.set(value, out);
      for (const [key, item] of value) out.set(this.copy(key), this.copy(item));
      return out;
    }
    if (value instanceof Set) {
      const out = new Set();
      this.copies.set(value, out);
      for (const item of value) out.add(this.copy(item));
      return out;
    }
    if (value instanceof SharedArrayBuffer) return this.sharedBuffer(value);
    if (isSharedView(value)) {
      const view = value as ArrayBufferView & { length?: number };
      const buffer = this.sharedBuffer(view.buffer as SharedArrayBuffer);
      const length = view instanceof DataView ? view.byteLength : view.length!;
      return this.memo(value, { [TAG_KEY]: Tag.SharedView, b: buffer, k: view.constructor.name, o: view.byteOffset, l: length });
    }
    if (isLeaf(value)) return value;
    if (value instanceof Error) return this.copyError(value);
    const out: Record<string, unknown> = { [TAG_KEY]: Tag.Instance, r: classReference(value.constructor) };
    if (out.r === null) return this.copyProperties(value, {});
    this.copies.set(value, out);
    out.p = this.copyProperties(value, {});
    return out;
  }

  private memo<T>(value: object, out: T): T {
    this.copies.set(value, out);
    return out;
  }

  private copyProperties(value: object, out: Record<string, unknown>): Record<string, unknown> {
    this.copies.set(value, out);
    for (const key of Object.keys(value)) out[key] = this.copy((value as Record<string, unknown>)[key]);
    return out;
  }

  private sharedBuffer(buffer: SharedArrayBuffer): Record<string, unknown> {
    const done = this.copies.get(buffer) as Record<string, unknown> | undefined;
    if (done !== undefined) return done;
    const name = segmentNameOf(buffer);
    let out: Record<string, unknown>;
    if (name !== null) {
      out = { [TAG_KEY]: Tag.SharedBuffer, n: name };
    } else {
      // Memory inside a library object (a Queue's ring, a Lock's word) is only seen here, after its reducer ran.
      const attachments = this.options.attachments;
      if (attachments === undefined) throw this.refusePrivateMemory(buffer);
      out = { [TAG_KEY]: Tag.SharedBuffer, a: attachments.push(buffer) - 1 };
    }
    this.copies.set(buffer, out);
    return out;
  }

  private copyError(error: Error): Record<string, unknown> {
    const ctor = error.constructor;
    const known = BUILTIN_ERRORS.has(ctor) || LIBRARY_ERRORS.has(ctor);
    const out: Record<string, unknown> = {
      [TAG_KEY]: Tag.Error,
      c: known ? ctor.name : nearestKnownError(error),
      r: known ? null : classReference(ctor),
      m: error.message,
      k: error.stack,
      i: process.pid,
    };
    this.copies.set(error, out);
    out.p = this.copyProperties(error, {});
    this.copies.set(error, out);
    out.h = Object.hasOwn(error, 'cause');
    if (out.h) out.u = this.copy(error.cause);
    return out;
  }
}

function nearestKnownError(error: Error): string {
  for (let proto = Object.getPrototypeOf(error); proto !== null; proto = Object.getPrototypeOf(proto)) {
    const ctor = proto.constructor as Function;
    if (BUILTIN_ERRORS.has(ctor) || LIBRARY_ERRORS.has(ctor)) return ctor.name;
  }
  return 'Error';
}

/** Serializes a value to send to another process (or thread, with `attachments`); throws TypeError naming the path of anything unsendable. */
export function encode(value: unknown, options: EncodeOptions = {}): Buffer {
  let flags = Flags.Plain;
  let body = value;
  if ((typeof value === 'object' && value !== null) || typeof value === 'function' || typeof value === 'symbol') {
    const encoder = new Encoder(options);
    encoder.scan(value);
    flags = encoder.flags;
    if (flags !== Flags.Plain) body = encoder.copy(value);
  }
  // Plain values are packed as they are (no copy, no header); the rest travel inside an envelope that carries the flags.
  return packer.pack(flags === Flags.Plain && !looksLikeEnvelope(body) ? body : [ENVELOPE, flags, body]);
}
