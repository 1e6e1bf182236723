// The server's objects and who refers to them. An object lives while some connection's proxies hold references to
// it, or a reference is in flight (a proxy sent but not yet received); then it is dropped (and released).
import { RemoteError } from '../errors.js';
import type { LocalReferences } from './refs.js';
import { isReleasable, RELEASE } from './managed/release.js';

/** What the server knows of a typeid: how to make one, and what proxies may call. */
export interface ServedType {
  callable?: Function;
  /** Method names proxies may call (default: every public method of the object). */
  exposed?: readonly string[] | null;
  /** Methods whose result becomes a new managed object of that typeid. */
  methodToTypeid?: Readonly<Record<string, string>> | null;
}

export interface Entry {
  readonly obj: any;
  readonly typeid: string;
  readonly exposed: readonly string[];
  readonly callable: ReadonlySet<string>;
  readonly methodToTypeid: Readonly<Record<string, string>>;
  /** References sent but not yet adopted (may dip below 0 when an Adopt overtakes its Incref). */
  floating: number;
  /** References held by each connection (0: proxies inside the server's own process). */
  readonly holders: Map<number, number>;
}

/** The holder id of proxies that live in the server's own process. */
export const SERVER_HOLDER = 0;

const publicMethodsByPrototype = new WeakMap<object, string[]>();

/** Every public method name of `obj` (Python's public_methods): functions not starting with '_', no constructor. */
export function publicMethods(obj: unknown): string[] {
  if (typeof obj !== 'object' && typeof obj !== 'function') return [];
  if (obj === null) return [];
  const proto = Object.getPrototypeOf(obj) as object | null;
  const cached = proto === null ? undefined : publicMethodsByPrototype.get(proto);
  const names = new Set<string>(cached ?? []);
  if (cached === undefined) {
    for (let p = proto; p !== null && p !== Object.prototype && p !== Function.prototype; p = Object.getPrototypeOf(p)) {
      for (const name of Object.getOwnPropertyNames(p)) if (isPublicMethod(p, name)) names.add(name);
    }
    if (proto !== null) publicMethodsByPrototype.set(proto, [...names]);
  }
  for (const name of Object.getOwnPropertyNames(obj)) if (isPublicMethod(obj, name)) names.add(name);
  return [...names];
}

function isPublicMethod(holder: object, name: string): boolean {
  if (name === 'constructor' || name.startsWith('_')) return false;
  const descriptor = Object.getOwnPropertyDescriptor(holder, name);
  return descriptor !== undefined && typeof descriptor.value === 'function';
}

/** The objects of one server, by id. */
export class ObjectTable implements LocalReferences {
  private readonly entries = new Map<number, Entry>();
  // Ids start at a random point so a proxy of a previous server at the same address finds nothing, not a stranger.
  private nextId = 1 + Math.floor(Math.random() * 2 ** 40);

  get size(): number {
    return this.entries.size;
  }

  /** Stores `obj`; its first reference belongs to `holder` (a connection id) or is floating (null). */
  add(obj: unknown, typeid: string, type: ServedType, holder: number | null): { id: number; entry: Entry } {
    const exposed = type.exposed ? [...type.exposed] : publicMethods(obj);
    const id = this.nextId++;
    const entry: Entry = {
      obj, typeid, exposed, callable: new Set(exposed), methodToTypeid: type.methodToTypeid ?? {},
      floating: holder === null ? 1 : 0, holders: new Map(holder === null ? [] : [[holder, 1]]),
    };
    this.entries.set(id, entry);
    return { id, entry };
  }

  get(id: number): Entry {
    const entry = this.entries.get(id);
    if (entry === undefined) throw new RemoteError(`the manager has no object with id ${id} (released, or from a previous server at this address)`);
    return entry;
  }

  find(id: number): Entry | undefined {
    return this.entries.get(id);
  }

  /** A proxy of object `id` is being sent: one reference in flight. */
  incref(id: number): void {
    const entry = this.entries.get(id);
    if (entry !== undefined) entry.floating++;
  }

  /** A proxy received by `holder` takes over a reference in flight. */
  adopt(id: number, holder = SERVER_HOLDER): void {
    const entry = this.entries.get(id);
    if (entry === undefined) return;
    entry.floating--;
    entry.holders.set(holder, (entry.holders.get(holder) ?? 0) + 1);
  }

  /** A proxy of `holder` was collected. */
  decref(id: number, holder = SERVER_HOLDER): void {
    const entry = this.entries.get(id);
    const held = entry?.holders.get(holder);
    if (entry === undefined || held === undefined) return;
    if (held <= 1) entry.holders.delete(holder);
    else entry.holders.set(holder, held - 1);
    this.dropIfUnused(id, entry);
  }

  /** A connection closed: every reference its proxies held goes with it. */
  dropHolder(holder: number): void {
    for (const [id, entry] of this.entries) {
      if (entry.holders.delete(holder)) this.dropIfUnused(id, entry);
    }
  }

  /** Drops everything (shutdown), releasing what holds resources. */
  async clear(): Promise<void> {
    const entries = [...this.entries.values()];
    this.entries.clear();
    await Promise.all(entries.map((entry) => release(entry.obj)));
  }

  private dropIfUnused(id: number, entry: Entry): void {
    if (entry.floating !== 0 || entry.holders.size > 0) return;
    this.entries.delete(id);
    void release(entry.obj);
  }
}

async function release(obj: unknown): Promise<void> {
  if (!isReleasable(obj)) return;
  try {
    await obj[RELEASE]();
  } catch (error) {
    process.stderr.write(`multiproc manager: releasing an object failed: ${(error as Error)?.stack ?? String(error)}\n`);
  }
}
