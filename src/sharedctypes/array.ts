// Python's multiprocessing.Array (exported as SharedArray) and RawArray: real typed arrays over shared memory.
// RawArray is a plain typed array (sendable as it is: the serializer passes shared views by segment). SharedArray
// is a subclass of the typecode's typed array that adds getLock()/getObj(); indexing is the typed array's own,
// so unlike Python's SynchronizedArray single reads and writes are not locked: hold getLock() for compound updates.
import { allocate } from '../shm/arena.js';
import { registerReducer } from '../serialize/index.js';
import type { Guard } from '../sync/guard.js';
import type { Lock } from '../sync/lock.js';
import type { RLock } from '../sync/rlock.js';
import type { AcquireOptions } from '../sync/steps.js';
import { lockFor, type LockOption } from './lock-option.js';
import { TYPECODES, toSlot, typecodeInfo, type ArrayOf, type Kind, type TypedArray, type TypedArrayClass, type Typecode } from './typecodes.js';

/** What SharedArray adds to the typed array. */
export interface Synchronized<A extends TypedArray> {
  /** The typecode, as given. */
  readonly typecode: Typecode;
  /** The lock that guards compound updates. */
  getLock(): Lock | RLock;
  /** The same memory as a plain typed array. */
  getObj(): A;
  acquire(options?: AcquireOptions): Promise<boolean>;
  acquireSync(options?: AcquireOptions): boolean;
  release(): void;
  /** Holds the lock for a `using` block (Python's `with arr:`). */
  guard(): Guard;
  hold(): Promise<Guard>;
}

export type SharedTypedArray<T extends Typecode = Typecode> = ArrayOf[T] & Synchronized<ArrayOf[T]>;

const LOCK = Symbol('multiproc.arrayLock');
const TYPECODE = Symbol('multiproc.arrayTypecode');

function synchronizedClass(base: TypedArrayClass): TypedArrayClass {
  // Named like its base so that, until the serializer looks for reducers before shared views, a SharedArray sent
  // to another process arrives as the base typed array over the same memory rather than failing.
  const cls = class extends (base as new (buffer: ArrayBufferLike, byteOffset: number, length: number) => any) {
    declare [LOCK]: Lock | RLock;
    declare [TYPECODE]: Typecode;
    // map(), slice() and friends make plain (unshared) typed arrays.
    static get [Symbol.species]() {
      return base;
    }
    get typecode(): Typecode {
      return this[TYPECODE];
    }
    getLock(): Lock | RLock {
      return this[LOCK];
    }
    getObj(): TypedArray {
      return new base(this.buffer, this.byteOffset, this.length);
    }
    acquire(options?: AcquireOptions): Promise<boolean> {
      return this[LOCK].acquire(options);
    }
    acquireSync(options?: AcquireOptions): boolean {
      return this[LOCK].acquireSync(options);
    }
    release(): void {
      this[LOCK].release();
    }
    guard(): Guard {
      return this[LOCK].guard();
    }
    hold(): Promise<Guard> {
      return this[LOCK].hold();
    }
  };
  Object.defineProperty(cls, 'name', { value: base.name });
  return cls as unknown as TypedArrayClass;
}

const synchronizedClasses = new Map<TypedArrayClass, TypedArrayClass>();

function synchronizedOf(base: TypedArrayClass): TypedArrayClass {
  let cls = synchronizedClasses.get(base);
  if (cls === undefined) {
    cls = synchronizedClass(base);
    synchronizedClasses.set(base, cls);
    registerReducer<TypedArray & { [LOCK]: Lock | RLock; [TYPECODE]: Typecode }, ArrayState>({
      tag: `multiproc.Synchronized${base.name}`,
      type: cls as never,
      reduce: (array) => ({ typecode: array[TYPECODE], obj: new base(array.buffer, array.byteOffset, array.length), lock: array[LOCK] }),
      revive: (state) => synchronize(state.typecode, state.obj, state.lock) as never,
    });
  }
  return cls;
}

// Registered up front: a receiving process must know every tag before the first array of its kind arrives.
for (const info of new Set(Object.values(TYPECODES).map((entry) => entry.array))) synchronizedOf(info);

interface ArrayState {
  typecode: Typecode;
  obj: TypedArray;
  lock: Lock | RLock;
}

function synchronize(typecode: Typecode, obj: TypedArray, lock: Lock | RLock): TypedArray {
  const cls = synchronizedOf(TYPECODES[typecode].array);
  const array = new cls(obj.buffer, obj.byteOffset, obj.length) as TypedArray & { [LOCK]: Lock | RLock; [TYPECODE]: Typecode };
  Object.defineProperty(array, LOCK, { value: lock, enumerable: false });
  Object.defineProperty(array, TYPECODE, { value: typecode, enumerable: false });
  return array;
}

function initialValues(kind: Kind, sizeOrValues: number | ArrayLike<unknown> | string): { length: number; values: ArrayLike<unknown> | null } {
  if (typeof sizeOrValues === 'number') {
    if (!Number.isInteger(sizeOrValues) || sizeOrValues < 0) throw new RangeError(`array size must be a non-negative integer, got ${sizeOrValues}`);
    return { length: sizeOrValues, values: null };
  }
  if (typeof sizeOrValues === 'string') {
    if (kind !== 'char') throw new TypeError("a string initialises only a 'c' array");
    return { length: sizeOrValues.length, values: [...sizeOrValues] };
  }
  return { length: sizeOrValues.length, values: sizeOrValues };
}

function newRawArray<T extends Typecode>(typecode: T, sizeOrValues: number | ArrayLike<unknown> | string): ArrayOf[T] {
  const info = typecodeInfo(typecode);
  const { length, values } = initialValues(info.kind, sizeOrValues);
  const { segment, offset } = allocate(length * info.bytes, 8);
  const array = new info.array(segment.buffer, offset, length);
  if (values !== null) for (let i = 0; i < length; i++) array[i] = toSlot(info.kind, values[i]) as never;
  return array as ArrayOf[T];
}

/** A typed array of `typecode` over shared memory, with no lock (Python's RawArray); zero-filled when given a size. */
export function RawArray<T extends Typecode>(typecode: T, sizeOrValues: number | ArrayLike<number | bigint> | string): ArrayOf[T] {
  return newRawArray(typecode, sizeOrValues);
}

/** A typed array over shared memory with getLock()/getObj() (Python's multiprocessing.Array); `lock: false` gives a RawArray. */
export function SharedArray<T extends Typecode>(typecode: T, sizeOrValues: number | ArrayLike<number | bigint> | string, options?: { lock?: true | Lock | RLock }): SharedTypedArray<T>;
export function SharedArray<T extends Typecode>(typecode: T, sizeOrValues: number | ArrayLike<number | bigint> | string, options: { lock: false }): ArrayOf[T];
export function SharedArray<T extends Typecode>(typecode: T, sizeOrValues: number | ArrayLike<number | bigint> | string, options?: { lock?: LockOption }): SharedTypedArray<T> | ArrayOf[T];
export function SharedArray<T extends Typecode>(typecode: T, sizeOrValues: number | ArrayLike<number | bigint> | string, options: { lock?: LockOption } = {}): SharedTypedArray<T> | ArrayOf[T] {
  const raw = newRawArray(typecode, sizeOrValues);
  const lock = lockFor(options.lock);
  return lock === null ? raw : (synchronize(typecode, raw, lock) as SharedTypedArray<T>);
}
