// The trivial target of bench/process.ts, in plain JavaScript so that children start without a TypeScript loader.
export function noop() {}
