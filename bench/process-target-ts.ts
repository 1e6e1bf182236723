// The trivial TypeScript target of bench/process-runner-ts.ts (types and all, as a TypeScript program's would be).
export function noopTyped(value?: number): number | undefined {
  return value;
}
