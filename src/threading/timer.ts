// Python's threading.Timer: a Thread that waits `interval` ms, then calls fn(...args) unless cancel() came first.
// The cancel flag is a shared Event, so cancel() in the starting thread reaches the timer's own thread.
import { Event } from '../sync/event.js';
import { Thread } from './thread.js';

/** Runs `fn` in a new thread after `interval` ms, unless cancelled. */
export class Timer<A extends [] | unknown[] = unknown[]> extends Thread<A> {
  /** Milliseconds to wait before calling the function. */
  interval: number;
  /** Set by cancel(), and once the function has run. */
  finished: Event;

  constructor(interval: number, fn: (...args: A) => unknown, args?: A, kwargs?: object) {
    if (typeof interval !== 'number' || Number.isNaN(interval)) throw new TypeError('interval must be a number of milliseconds');
    // fn and args were checked against each other by this signature; kwargs (Python's, rarely used) is not.
    super({ target: fn, args, kwargs } as never);
    this.interval = interval;
    this.finished = new Event();
  }

  /** Stops the timer if it has not fired yet (its thread then ends without calling the function). */
  cancel(): void {
    this.finished.set();
  }

  override async run(): Promise<void> {
    const cancelled = await this.finished.wait(this.interval);
    if (!cancelled) await super.run();
    this.finished.set();
  }
}
