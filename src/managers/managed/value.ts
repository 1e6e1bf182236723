// What a manager's Value and Array are in the server (Python serves a plain Value object and an array.array).
import { fromSlot, toSlot, typecodeInfo, type Kind, type TypedArray } from '../../sharedctypes/typecodes.js';
import { IndexError } from '../../errors.js';

/** A typecode and a value (kept as given, as Python's manager Value does). */
export class ManagedValue {
  constructor(
    private readonly typecode: string,
    private value: unknown,
  ) {
    typecodeInfo(typecode);
  }

  get(): unknown {
    return this.value;
  }

  set(value: unknown): void {
    this.value = value;
  }
}

/** A typed array of a typecode; items are converted as the typecode requires. */
export class ManagedArray {
  private readonly items: TypedArray;
  private readonly kind: Kind;

  constructor(typecode: string, sequence: Iterable<unknown> | number) {
    const info = typecodeInfo(typecode);
    const values = typeof sequence === 'number' ? null : [...sequence];
    const ArrayClass = info.array as unknown as new (length: number) => TypedArray;
    this.items = new ArrayClass(values === null ? (sequence as number) : values.length);
    this.kind = info.kind;
    values?.forEach((value, i) => (this.items[i] = toSlot(this.kind, value) as never));
  }

  private position(index: number): number {
    const at = index < 0 ? this.items.length + index : index;
    if (!Number.isInteger(at) || at < 0 || at >= this.items.length) throw new IndexError('array index out of range');
    return at;
  }

  get(index: number): unknown {
    return fromSlot(this.kind, this.items[this.position(index)]);
  }

  set(index: number, value: unknown): void {
    this.items[this.position(index)] = toSlot(this.kind, value) as never;
  }

  len(): number {
    return this.items.length;
  }

  copy(): unknown[] {
    return Array.from(this.items as ArrayLike<number | bigint>, (slot) => fromSlot(this.kind, slot));
  }

  slice(start?: number, end?: number): unknown[] {
    return this.copy().slice(start, end);
  }
}
