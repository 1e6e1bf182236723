// Reducers let a layer send its objects as handles to the same shared object, never as copies: a Lock becomes
// (segment name, offset) on the wire and a Lock over the same memory on arrival.

/** What a reducer may know about where its object is going. */
export interface ReduceContext {
  /** The message starts a child of this process (Python's get_spawning_popen() is set): secrets it inherits may go. */
  forChild: boolean;
}

export interface Reducer<T extends object = object, S = unknown> {
  /** Unique on the wire, e.g. 'Lock'. */
  tag: string;
  /** Instances of this class (and its subclasses, unless they have a reducer of their own) use this reducer. */
  type: abstract new (...args: any[]) => T;
  /** The state to send: any value the serializer can send (plain data, other library objects). */
  reduce(value: T, context: ReduceContext): S;
  /** Rebuilds the object from its state in the receiving process or thread. */
  revive(state: S): T;
}

const byTag = new Map<string, Reducer>();
const byPrototype = new Map<object, Reducer>();

/** Makes instances of `reducer.type` travel as handles. Registering a tag twice replaces it (module reloads). */
export function registerReducer<T extends object, S>(reducer: Reducer<T, S>): void {
  byTag.set(reducer.tag, reducer as unknown as Reducer);
  byPrototype.set(reducer.type.prototype as object, reducer as unknown as Reducer);
}

/** The reducer of the nearest class in `value`'s prototype chain that has one. */
export function reducerFor(value: object): Reducer | undefined {
  for (let proto = Object.getPrototypeOf(value); proto !== null && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    const reducer = byPrototype.get(proto);
    if (reducer !== undefined) return reducer;
  }
  return undefined;
}

export function hasReducer(tag: string): boolean {
  return byTag.has(tag);
}

export function reducerByTag(tag: string): Reducer {
  const reducer = byTag.get(tag);
  if (reducer === undefined) throw new TypeError(`received a '${tag}' object, but this process has not loaded the module that revives it`);
  return reducer;
}
