// Warm spares of a start method (forkserver, thread): children started ahead of time, waiting for a payload. A few are
// kept, so that a program starting children one after another finds one ready each time; they boot one at a time, so
// that booting never takes more than one core from the program and the children it runs.
import { availableParallelism } from 'node:os';

/**
 * How many spares to keep: two (one taken, one ready while the first one's replacement boots), one on a single core.
 * More would serve longer bursts of starts, each costing an idle Node process's memory.
 */
export const SPARE_COUNT = Math.min(2, availableParallelism());

export class Spares<T> {
  private readonly ready: T[] = [];
  private booting: T | null = null;

  /** `boot` starts a spare and calls `booted` once it waits for its payload. */
  constructor(private readonly boot: (booted: () => void) => T) {}

  /** A spare to hand a payload to: a ready one first, else the one still booting (it reads the payload when up). */
  take(): T | null {
    const spare = this.ready.shift() ?? this.booting;
    if (spare === this.booting) this.booting = null;
    return spare;
  }

  /** Whether a spare is ready now. */
  hasReady(): boolean {
    return this.ready.length > 0;
  }

  /** Boots spares, one at a time, until SPARE_COUNT are up or booting. */
  refill(): void {
    if (this.booting !== null || this.ready.length >= SPARE_COUNT) return;
    const spare = this.boot(() => {
      if (this.booting !== spare) return;
      this.booting = null;
      this.ready.push(spare);
      this.refill();
    });
    this.booting = spare;
  }

  /** Forgets a spare that ended, or one replaced (its modules are stale). */
  drop(spare: T): void {
    if (this.booting === spare) this.booting = null;
    const at = this.ready.indexOf(spare);
    if (at >= 0) this.ready.splice(at, 1);
  }

  /** Every spare, ready or booting (to end them all). */
  all(): T[] {
    return this.booting === null ? [...this.ready] : [...this.ready, this.booting];
  }
}
