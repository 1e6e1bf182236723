// The libraries the benchmarks compare with (piscina, p-map, p-limit, execa) are dev dependencies: a checkout has
// them, an installed package does not. A benchmark imports them here and, where one is absent, leaves its rows out
// and says so rather than failing.

/** The module `name`, or null when it is not installed. */
export async function importComparison<T>(name: string): Promise<T | null> {
  try {
    return (await import(name)) as T;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') return null;
    throw error;
  }
}

/** The note printed for a comparison left out. */
export function notInstalled(name: string): string {
  return `${name} is not installed (a dev dependency of multiproc; run from a checkout to compare): no comparison`;
}
