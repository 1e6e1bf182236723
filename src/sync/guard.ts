// Python's `with lock:` as explicit resource management: `using _ = lock.guard()` (blocking) or
// `using _ = await lock.hold()` (async); leaving the block releases, once.
export class Guard implements Disposable, AsyncDisposable {
  #release: (() => void) | null;

  constructor(release: () => void) {
    this.#release = release;
  }

  /** Releases now (what leaving the `using` block does); later calls do nothing. */
  release(): void {
    const release = this.#release;
    this.#release = null;
    release?.();
  }

  [Symbol.dispose](): void {
    this.release();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.release();
  }
}
