// Python's `with lock:` for the Redis Lock and Semaphore: `await using _ = await lock.hold()` releases when
// the block ends, once (release goes over the network, so the guard is async-disposable only).
import { TimeoutError } from '../../errors.js';
import type { WaitOptions } from './options.js';

export class Held implements AsyncDisposable {
  #release: (() => Promise<void>) | null;

  constructor(release: () => Promise<void>) {
    this.#release = release;
  }

  /** Releases now (what leaving the `await using` block does); later calls do nothing. */
  async release(): Promise<void> {
    const release = this.#release;
    this.#release = null;
    await release?.();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.release();
  }
}

/** Acquires with `acquire(options)` and returns the guard; TimeoutError when it could not be acquired in time. */
export async function hold(what: string, acquire: (options?: WaitOptions) => Promise<boolean>, release: () => Promise<void>, options?: WaitOptions): Promise<Held> {
  if (!(await acquire(options))) throw new TimeoutError(`${what} could not be acquired ${options?.block === false ? 'without blocking' : `within ${options?.timeout} ms`}`);
  return new Held(release);
}
