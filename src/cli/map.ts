// `multiproc map <module>:<export>`: maps a target over JSON lines with a process Pool. Registered now with its
// SPEC options so that --help is final; the lead fills in runMap() once src/pool exists.

/** The options of `multiproc map`, as SPEC.md "CLI" lists them. */
export interface MapOptions {
  input?: string;
  processes?: number;
  chunksize?: number;
  unordered?: boolean;
  startMethod?: string;
}

/** Placeholder until Pool lands: says so and resolves with a failing exit code. */
export async function runMap(target: string, options: MapOptions): Promise<number> {
  void target;
  void options;
  console.error('multiproc map: Pool is not available yet');
  return 1;
}
