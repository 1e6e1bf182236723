// The serialize layer's surface for the layers above.
export { encode, type EncodeOptions } from './encode.js';
export { decode, decodeAsync } from './decode.js';
export { registerReducer, type Reducer } from './registry.js';
export { formatPath } from './unsendable.js';
export { messageFlags } from './tags.js';
