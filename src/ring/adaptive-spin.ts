// When to spin for a peer's next message instead of sleeping. A peer in the middle of a conversation answers within
// microseconds, far sooner than a futex wake-up reaches an event loop (tens of µs); a slow or idle peer would only
// burn the spin. So: spin while spinning pays off; after a few misses in a row, skip turns (2, 4 … 64 of them)
// before trying again. A single miss changes nothing: the two ends of a conversation spin for each other, and one
// end backing off at once would make the other end miss too.

/** Misses in a row before turns are skipped. */
const TOLERATED_MISSES = 3;
/** The longest run of turns skipped. */
const MAX_SKIP = 64;

/** Spin budget for one reader of one connection. */
export class AdaptiveSpin {
  private skip = 0;
  private misses = 0;

  constructor(
    /** Microseconds to spin on a turn that spins. */
    readonly budgetUs: number,
  ) {}

  /** Microseconds to spin this turn (0: go straight to sleep). */
  next(): number {
    if (this.skip === 0) return this.budgetUs;
    this.skip--;
    return 0;
  }

  /** Spins this turn if it should, with `spinFor(us)` telling whether a message came; learns from the outcome. */
  run(spinFor: (us: number) => boolean): boolean {
    const us = this.next();
    if (us === 0) return false;
    const hit = spinFor(us);
    this.record(hit);
    return hit;
  }

  /** Reports whether a turn's spin found a message. */
  record(hit: boolean): void {
    if (hit) this.misses = 0;
    else if (++this.misses >= TOLERATED_MISSES) this.skip = Math.min(MAX_SKIP, 2 ** (this.misses - TOLERATED_MISSES + 1));
  }
}
