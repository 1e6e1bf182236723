// The shared-memory layer's surface: Python's multiprocessing.sharedctypes and multiprocessing.shared_memory.
export { Value, RawValue, SharedValue, SynchronizedValue } from './value.js';
export { SharedArray, RawArray, type SharedTypedArray, type Synchronized } from './array.js';
export { SharedMemory, type SharedMemoryOptions } from './shared-memory.js';
export { ShareableList, type ShareableItem } from './shareable-list.js';
export type { Typecode, ValueOf, ArrayOf, TypedArray } from './typecodes.js';
