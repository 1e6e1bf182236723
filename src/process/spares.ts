// Warm spares of a start method (forkserver, thread): children started ahead of time, waiting for a payload. A few are
// kept, so that a program starting children one after another finds one ready each time; they boot one at a time, so
// that booting never takes more than one core from the program and the children it runs, unless the caller asks for
// more at once (thread starts that outpace one boot at a time, see launch-thread.ts).
import { availableParallelism } from 'node:os';

/**
 * How many spares to keep: two (one taken, one ready while the first one's replacement boots), one on a single core.
 * More would serve longer bursts of starts, each costing an idle Node process's memory.
 */
export const SPARE_COUNT = Math.min(2, availableParallelism());

export class Spares<T> {
  private readonly ready: T[] = [];
  /** Oldest first: a start that finds none ready takes the one closest to ready. */
  private readonly booting: T[] = [];

  /** `boot` starts a spare and calls `booted` once it waits for its payload; `count()` says how many to keep. */
  constructor(
    private readonly boot: (booted: () => void) => T,
    private readonly count: () => number = () => SPARE_COUNT,
  ) {}

  /** A spare to hand a payload to: a ready one first, else one still booting (it reads the payload when up). */
  take(): T | null {
    return this.ready.shift() ?? this.booting.shift() ?? null;
  }

  /** Whether a spare is ready now. */
  hasReady(): boolean {
    return this.ready.length > 0;
  }

  /**
   * Boots spares until count() are up or booting, `together` at a time (one unless the caller knows starts are
   * outpacing the spares, see launch-thread.ts).
   */
  refill(together = 1): void {
    while (this.booting.length < together && this.ready.length + this.booting.length < this.count()) {
      const spare = this.boot(() => {
        const at = this.booting.indexOf(spare);
        if (at < 0) return;
        this.booting.splice(at, 1);
        this.ready.push(spare);
        this.refill();
      });
      this.booting.push(spare);
    }
  }

  /** Forgets a spare that ended, or one replaced (its modules are stale). */
  drop(spare: T): void {
    for (const list of [this.booting, this.ready]) {
      const at = list.indexOf(spare);
      if (at >= 0) list.splice(at, 1);
    }
  }

  /** Every spare, ready or booting (to end them all). */
  all(): T[] {
    return [...this.ready, ...this.booting];
  }
}
