// The wire format: MessagePack (msgpackr) with its structured-clone extension, which keeps Map, Set, Date, RegExp,
// bigint, typed arrays, undefined and cycles. Chosen over v8.serialize by measurement (figures in docs/architecture.md).
// 'msgpackr/pack' is its encoder and decoder without the stream classes and the optional native extractor (which
// this package replaces by a stub): the built package bundles it into its own chunks, so a child resolves no package.
import { Packr } from 'msgpackr/pack';

export const packer = new Packr({ structuredClone: true, moreTypes: true, useBigIntExtension: true });
