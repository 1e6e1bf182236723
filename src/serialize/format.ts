// The wire format: MessagePack (msgpackr) with its structured-clone extension, which keeps Map, Set, Date, RegExp,
// bigint, typed arrays, undefined and cycles. Chosen over v8.serialize by measurement (docs/architecture.md):
// 3.7× the small-message rate, equal on large buffers.
import { createRequire } from 'node:module';
import type { Packr as PackrType } from 'msgpackr';

// msgpackr's single-file CommonJS bundle loads in about half the time of its ES module graph (every child pays it).
const { Packr } = createRequire(import.meta.url)('msgpackr') as { Packr: typeof PackrType };

export const packer = new Packr({ structuredClone: true, moreTypes: true, useBigIntExtension: true });
