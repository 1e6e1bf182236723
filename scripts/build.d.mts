/** Builds the library's bundles into `outdir` (default dist/), with the .d.ts files unless `declarations` is false. */
export function buildLibrary(options?: { outdir?: string; declarations?: boolean }): Promise<void>;
