// Python's multiprocessing.Value and RawValue: one typed slot of shared memory (from the arena). RawValue gives
// the bare slot; Value wraps it with a lock, and, as Python's Synchronized does, reads and writes `.value` under
// that lock (skipped when this thread already holds it, so `using _ = v.getLock().guard(); v.value += 1` works
// with a plain Lock too, where Python would deadlock).
import { allocate } from '../shm/arena.js';
import { registerReducer } from '../serialize/index.js';
import { HELD_BY_ME, type ConditionLock } from '../sync/internals.js';
import type { Guard } from '../sync/guard.js';
import type { Lock } from '../sync/lock.js';
import type { RLock } from '../sync/rlock.js';
import type { AcquireOptions } from '../sync/steps.js';
import { lockFor, type LockOption } from './lock-option.js';
import { fromSlot, toSlot, typecodeInfo, type Kind, type TypedArray, type Typecode, type ValueOf } from './typecodes.js';

/** One value of a typecode in shared memory, without a lock: what RawValue returns and getObj() gives. */
export class SharedValue<T extends Typecode = Typecode> {
  /** The typecode, as given. */
  readonly typecode: T;
  protected readonly slot: TypedArray;
  protected readonly kind: Kind;

  /** @internal Use RawValue() or Value(). */
  constructor(typecode: T, slot: TypedArray) {
    this.typecode = typecode;
    this.slot = slot;
    this.kind = typecodeInfo(typecode).kind;
  }

  get value(): ValueOf<T> {
    return fromSlot(this.kind, this.slot[0]) as ValueOf<T>;
  }

  set value(value: ValueOf<T>) {
    this.slot[0] = toSlot(this.kind, value) as never;
  }

  toString(): string {
    return `${this.constructor.name}('${this.typecode}', ${String(this.value)})`;
  }
}

/** A shared value with a lock: what Value returns (Python's Synchronized). */
export class SynchronizedValue<T extends Typecode = Typecode> extends SharedValue<T> {
  protected readonly lock: Lock | RLock;

  /** @internal Use Value(). */
  constructor(typecode: T, slot: TypedArray, lock: Lock | RLock) {
    super(typecode, slot);
    this.lock = lock;
  }

  override get value(): ValueOf<T> {
    const lock = this.lock;
    if ((lock as unknown as ConditionLock)[HELD_BY_ME]()) return super.value;
    lock.acquireSync();
    try {
      return super.value;
    } finally {
      lock.release();
    }
  }

  override set value(value: ValueOf<T>) {
    const lock = this.lock;
    if ((lock as unknown as ConditionLock)[HELD_BY_ME]()) {
      super.value = value;
      return;
    }
    lock.acquireSync();
    try {
      super.value = value;
    } finally {
      lock.release();
    }
  }

  /** The lock that guards the value. */
  getLock(): Lock | RLock {
    return this.lock;
  }

  /** The bare shared value (same memory, no lock). */
  getObj(): SharedValue<T> {
    return new SharedValue(this.typecode, this.slot);
  }

  acquire(options?: AcquireOptions): Promise<boolean> {
    return this.lock.acquire(options);
  }

  acquireSync(options?: AcquireOptions): boolean {
    return this.lock.acquireSync(options);
  }

  release(): void {
    this.lock.release();
  }

  /** Holds the lock for a `using` block (Python's `with value:`). */
  guard(): Guard {
    return this.lock.guard();
  }

  /** Waits for the lock, held for a `using` block. */
  hold(): Promise<Guard> {
    return this.lock.hold();
  }
}

function newSlot(typecode: Typecode, initial: unknown): TypedArray {
  const info = typecodeInfo(typecode);
  const { segment, offset } = allocate(info.bytes, 8);
  const slot = new info.array(segment.buffer, offset, 1);
  if (initial !== undefined) slot[0] = toSlot(info.kind, initial) as never;
  return slot;
}

/** A shared value with no lock (Python's RawValue); zero ('\0' for 'c') unless `value` is given. */
export function RawValue<T extends Typecode>(typecode: T, value?: ValueOf<T> | number): SharedValue<T> {
  return new SharedValue(typecode, newSlot(typecode, value));
}

/** A shared value guarded by a lock (Python's Value): a new RLock by default, none with `lock: false`. */
export function Value<T extends Typecode>(typecode: T, value?: ValueOf<T> | number, options?: { lock?: true | Lock | RLock }): SynchronizedValue<T>;
export function Value<T extends Typecode>(typecode: T, value: ValueOf<T> | number | undefined, options: { lock: false }): SharedValue<T>;
export function Value<T extends Typecode>(typecode: T, value?: ValueOf<T> | number, options?: { lock?: LockOption }): SynchronizedValue<T> | SharedValue<T>;
export function Value<T extends Typecode>(typecode: T, value?: ValueOf<T> | number, options: { lock?: LockOption } = {}): SynchronizedValue<T> | SharedValue<T> {
  const slot = newSlot(typecode, value);
  const lock = lockFor(options.lock);
  return lock === null ? new SharedValue(typecode, slot) : new SynchronizedValue(typecode, slot, lock);
}

interface ValueState {
  typecode: Typecode;
  slot: TypedArray;
  lock?: Lock | RLock;
}

registerReducer<SharedValue, ValueState>({
  tag: 'multiproc.SharedValue',
  type: SharedValue,
  reduce: (value) => ({ typecode: value.typecode, slot: (value as unknown as { slot: TypedArray }).slot }),
  revive: (state) => new SharedValue(state.typecode, state.slot),
});

registerReducer<SynchronizedValue, ValueState>({
  tag: 'multiproc.SynchronizedValue',
  type: SynchronizedValue,
  reduce: (value) => ({ typecode: value.typecode, slot: (value as unknown as { slot: TypedArray }).slot, lock: value.getLock() }),
  revive: (state) => new SynchronizedValue(state.typecode, state.slot, state.lock!),
});
