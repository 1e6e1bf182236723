// The option objects of Greenlet.kill() and Greenlet.get(), shared with Group/Pool.kill().

/** Options of Greenlet.kill(): gevent's `kill(exception=GreenletExit, block=True, timeout=None)`. */
export interface KillOptions {
  /** What the greenlet ends with (and its signal's reason); a new GreenletExit by default. */
  exception?: unknown;
  /** false: return at once instead of waiting for the function to return. */
  block?: boolean;
  /** How long to wait (ms) for the function to return before declaring the greenlet dead anyway. */
  timeout?: number | null;
}

/** Options of Greenlet.get(): gevent's `get(block=True, timeout=None)`. */
export interface GetOptions {
  block?: boolean;
  timeout?: number | null;
  /** Ends the wait early: get() rejects with the signal's reason (the greenlet runs on). */
  signal?: AbortSignal;
}
