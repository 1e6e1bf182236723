// Python's ShareableList: a fixed-length list of small values in one SharedMemory segment, attachable by name.
// Layout (little-endian; not Python's byte format): [u32 count][u32 reserved], then per item 16 bytes
// [u32 type][u32 byte length][u32 data offset][u32 capacity], then the data, 8-byte aligned. Numbers, bigints,
// booleans and null take 8 bytes; a string (UTF-8) or Uint8Array slot keeps the capacity of its first value
// rounded up to 8 — a longer value later is a ValueError, as in Python. Reads and writes take no lock (as Python's).
import { registerReducer } from '../serialize/index.js';
import { IndexError, ValueError } from '../errors.js';
import { SharedMemory } from './shared-memory.js';

export type ShareableItem = number | bigint | boolean | string | Uint8Array | null;

const enum ItemType { Null = 0, Number = 1, BigInt = 2, Boolean = 3, String = 4, Bytes = 5 }

const HEADER = 8;
const DESCRIPTOR = 16;
const FORMAT: Record<ItemType, string> = { 0: 'x', 1: 'd', 2: 'q', 3: '?', 4: 's', 5: 'b' };

interface Encoded {
  type: ItemType;
  bytes: Uint8Array | null;
  length: number;
}

function encodeItem(value: unknown): Encoded {
  if (value === null || value === undefined) return { type: ItemType.Null, bytes: null, length: 0 };
  if (typeof value === 'number') return { type: ItemType.Number, bytes: null, length: 8 };
  if (typeof value === 'bigint') return { type: ItemType.BigInt, bytes: null, length: 8 };
  if (typeof value === 'boolean') return { type: ItemType.Boolean, bytes: null, length: 1 };
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    return { type: ItemType.String, bytes, length: bytes.length };
  }
  if (value instanceof Uint8Array) return { type: ItemType.Bytes, bytes: value, length: value.length };
  throw new TypeError(`ShareableList holds numbers, bigints, booleans, strings, Uint8Arrays and null, not ${typeof value}`);
}

function capacityFor(encoded: Encoded): number {
  return Math.max(8, Math.ceil(encoded.length / 8) * 8);
}

/** A fixed-length list in shared memory that any process can attach by name: Python's ShareableList. */
export class ShareableList implements Iterable<ShareableItem> {
  [index: number]: ShareableItem;
  /** The segment holding the list. */
  readonly shm: SharedMemory;
  protected readonly data: DataView;

  /**
   * Creates a list from `sequence` (in a segment named `name`, if given), or attaches the list named `name`; with
   * neither, creates an empty list, as Python does.
   */
  constructor(sequence?: Iterable<ShareableItem> | null, options: { name?: string | null } = {}) {
    if (sequence == null && options.name != null) {
      this.shm = new SharedMemory({ name: options.name });
    } else {
      const values = [...(sequence ?? [])];
      const items = values.map(encodeItem);
      const start = HEADER + DESCRIPTOR * items.length;
      const size = items.reduce((total, item) => total + capacityFor(item), start);
      this.shm = new SharedMemory({ name: options.name, create: true, size });
      const view = new DataView(this.shm.buf.buffer, this.shm.buf.byteOffset, this.shm.size);
      view.setUint32(0, items.length, true);
      let offset = start;
      items.forEach((item, i) => {
        view.setUint32(HEADER + DESCRIPTOR * i + 8, offset, true);
        view.setUint32(HEADER + DESCRIPTOR * i + 12, capacityFor(item), true);
        offset += capacityFor(item);
      });
      this.data = view;
      values.forEach((value, i) => this.set(i, value));
    }
    this.data ??= new DataView(this.shm.buf.buffer, this.shm.buf.byteOffset, this.shm.size);
    return new Proxy(this, INDEXING);
  }

  /** Number of items (fixed at creation). */
  get length(): number {
    return this.data.getUint32(0, true);
  }

  private slot(index: number): number {
    const length = this.length;
    const i = index < 0 ? index + length : index;
    if (typeof index !== 'number' || !Number.isInteger(index)) throw new TypeError(`ShareableList indices must be integers, got ${String(index)}`);
    if (i < 0 || i >= length) throw new IndexError(`ShareableList index ${index} out of range (length ${length})`);
    return HEADER + DESCRIPTOR * i;
  }

  /** The item at `index` (negative counts from the end). Strings and bytes are copies. */
  get(index: number): ShareableItem {
    const at = this.slot(index);
    const data = this.data;
    const type = data.getUint32(at, true) as ItemType;
    const length = data.getUint32(at + 4, true);
    const offset = data.getUint32(at + 8, true);
    switch (type) {
      case ItemType.Null: return null;
      case ItemType.Number: return data.getFloat64(offset, true);
      case ItemType.BigInt: return data.getBigInt64(offset, true);
      case ItemType.Boolean: return data.getUint8(offset) !== 0;
      case ItemType.String: return Buffer.from(data.buffer, data.byteOffset + offset, length).toString('utf8');
      case ItemType.Bytes: return new Uint8Array(data.buffer, data.byteOffset + offset, length).slice();
    }
  }

  /** Replaces the item at `index`; a string or bytes longer than the slot's capacity is a ValueError. */
  set(index: number, value: ShareableItem): void {
    const at = this.slot(index);
    const data = this.data;
    const encoded = encodeItem(value);
    const offset = data.getUint32(at + 8, true);
    if (encoded.length > data.getUint32(at + 12, true)) throw new ValueError('bytes/str item exceeds available storage');
    if (encoded.type === ItemType.Number) data.setFloat64(offset, value as number, true);
    else if (encoded.type === ItemType.BigInt) data.setBigInt64(offset, BigInt.asIntN(64, value as bigint), true);
    else if (encoded.type === ItemType.Boolean) data.setUint8(offset, value ? 1 : 0);
    else if (encoded.bytes !== null) new Uint8Array(data.buffer, data.byteOffset + offset, encoded.length).set(encoded.bytes);
    data.setUint32(at + 4, encoded.length, true);
    data.setUint32(at, encoded.type, true);
  }

  /** Python's struct-like description of the slots, e.g. 'dq8s?x'. */
  get format(): string {
    let format = '';
    for (let i = 0; i < this.length; i++) {
      const at = HEADER + DESCRIPTOR * i;
      const type = this.data.getUint32(at, true) as ItemType;
      format += (type === ItemType.String || type === ItemType.Bytes ? String(this.data.getUint32(at + 12, true)) : '') + FORMAT[type];
    }
    return format;
  }

  /** How many items equal `value`. */
  count(value: ShareableItem): number {
    return this.toArray().filter((item) => same(item, value)).length;
  }

  /** The first index of `value`; a ValueError when absent. */
  index(value: ShareableItem): number {
    const found = this.toArray().findIndex((item) => same(item, value));
    if (found < 0) throw new ValueError(`${String(value)} not in this container`);
    return found;
  }

  /** A plain array copy of the items. */
  toArray(): ShareableItem[] {
    return Array.from({ length: this.length }, (_, i) => this.get(i));
  }

  *[Symbol.iterator](): Iterator<ShareableItem> {
    for (let i = 0; i < this.length; i++) yield this.get(i);
  }

  toString(): string {
    return `ShareableList(${JSON.stringify(this.toArray(), (_, v) => (typeof v === 'bigint' ? `${v}n` : v))}, name=${JSON.stringify(this.shm.name)})`;
  }
}

function same(a: ShareableItem, b: ShareableItem): boolean {
  if (a instanceof Uint8Array && b instanceof Uint8Array) return Buffer.compare(a, b) === 0;
  return a === b;
}

const NUMERIC = /^-?\d+$/;

const INDEXING: ProxyHandler<ShareableList> = {
  get: (target, key) => (typeof key === 'string' && NUMERIC.test(key) ? target.get(Number(key)) : Reflect.get(target, key)),
  set: (target, key, value) => {
    if (typeof key === 'string' && NUMERIC.test(key)) target.set(Number(key), value as ShareableItem);
    else return Reflect.set(target, key, value);
    return true;
  },
  has: (target, key) => (typeof key === 'string' && NUMERIC.test(key) ? Number(key) >= 0 && Number(key) < target.length : Reflect.has(target, key)),
};

registerReducer<ShareableList, { name: string }>({
  tag: 'multiproc.ShareableList',
  type: ShareableList,
  reduce: (list) => ({ name: list.shm.name }),
  revive: (state) => new ShareableList(null, { name: state.name }),
});
