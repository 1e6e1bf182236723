// gevent.Timeout and gevent.with_timeout: a timer that, when it expires, raises itself in the waits it governs.
import { ValueError } from '../errors.js';
import { currentFrame, frameStorage, greenletOfFrame, InterruptSet, ScopeFrame, type Interruptible } from './frames.js';
import { kInterrupts } from './internal.js';
import { normalizeTimeout } from './wait.js';

const kStartScoped = Symbol('multiproc.coroutines.startScoped');

/**
 * gevent.Timeout. `start()` arms it; when it expires it aborts `signal` (reason: the Timeout itself) and rejects,
 * with itself, the waits (sleep, join, get, joinall) pending in the greenlet that started it. It is an Error, so
 * `catch (e) { if (e !== timeout) throw e; }` tells your own Timeout from others, as in gevent.
 */
export class Timeout extends Error implements Interruptible {
  /** The delay in ms; `null` never expires (gevent's `Timeout(None)`). */
  readonly ms: number | null;
  #interrupts: InterruptSet | null = null;
  #timer: NodeJS.Timeout | undefined = undefined;
  #controller: AbortController | null = null;
  #target: Interruptible | null = null;
  #expired = false;

  constructor(ms?: number | null, message?: string) {
    const delay = normalizeTimeout(ms);
    super(message ?? (delay === null ? 'timeout' : `timed out after ${delay} ms`));
    this.ms = delay;
  }

  /** Creates and starts a Timeout (gevent's `Timeout.start_new`). */
  static startNew(ms?: number | null, message?: string): Timeout {
    return new Timeout(ms, message).start();
  }

  /** True while armed and not yet expired or cancelled. */
  get pending(): boolean {
    return this.#timer !== undefined;
  }

  /** True once it has fired (until the next start()). */
  get expired(): boolean {
    return this.#expired;
  }

  /** Aborted, with this Timeout as its reason, when it expires: hand it to fetch() and friends. */
  get signal(): AbortSignal {
    if (this.#controller === null) {
      this.#controller = new AbortController();
      if (this.#expired) this.#controller.abort(this);
    }
    return this.#controller.signal;
  }

  /** @internal The waits inside withTimeout() that this Timeout interrupts. */
  get [kInterrupts](): InterruptSet {
    return (this.#interrupts ??= new InterruptSet());
  }

  /** Arms the timer; on expiry the current greenlet's pending waits reject with this Timeout. */
  start(): this {
    this.#arm(greenletOfFrame(currentFrame()));
    return this;
  }

  /** Disarms the timer (harmless when it is not pending). */
  cancel(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#target = null;
  }

  /** `using t = new Timeout(100).start()` cancels it at the end of the block, like gevent's `with Timeout(...)`. */
  [Symbol.dispose](): void {
    this.cancel();
  }

  /** withTimeout() arms it for its own scope only, not for the whole greenlet. */
  [kStartScoped](): void {
    this.#arm(null);
  }

  #arm(target: Interruptible | null): void {
    if (this.pending) throw new ValueError(`${this.message}: this Timeout is already started; cancel it first`);
    if (this.#expired) {
      this.#expired = false;
      this.#controller = null;
    }
    if (this.ms === null) return;
    this.#target = target;
    this.#timer = setTimeout(() => this.#expire(), this.ms);
  }

  #expire(): void {
    const target = this.#target;
    this.#timer = undefined;
    this.#target = null;
    this.#expired = true;
    this.#controller?.abort(this);
    this[kInterrupts].close(this);
    target?.[kInterrupts].fire(this);
  }
}
Object.defineProperty(Timeout.prototype, 'name', { value: 'Timeout', writable: true, configurable: true });

/** Options of withTimeout(): with `fallback`, an expiry resolves to it instead of rejecting. */
export interface WithTimeoutOptions<F> {
  fallback?: F;
}

/**
 * gevent.with_timeout: runs `fn(signal)` and rejects with a Timeout if it has not settled within `ms`.
 * Waits of this package inside `fn` (sleep, join, ...) are interrupted too, and `signal` aborts, so cooperative
 * work really stops; with `{ fallback }` the expiry resolves to the fallback instead.
 */
export function withTimeout<R>(ms: number | null | undefined, fn: (signal: AbortSignal) => R | PromiseLike<R>): Promise<Awaited<R>>;
export function withTimeout<R, F>(
  ms: number | null | undefined,
  fn: (signal: AbortSignal) => R | PromiseLike<R>,
  options: WithTimeoutOptions<F>,
): Promise<Awaited<R> | F>;
export async function withTimeout<R, F>(
  ms: number | null | undefined,
  fn: (signal: AbortSignal) => R | PromiseLike<R>,
  options?: WithTimeoutOptions<F>,
): Promise<Awaited<R> | F> {
  const timeout = new Timeout(ms);
  const parent = currentFrame();
  const frame = new ScopeFrame(greenletOfFrame(parent), timeout, parent);
  timeout[kStartScoped]();
  try {
    const result = frameStorage.run(frame, fn, timeout.signal);
    return await raceExpiry(result, timeout);
  } catch (error) {
    if (error === timeout && options !== undefined && 'fallback' in options) return options.fallback as F;
    throw error;
  } finally {
    timeout.cancel();
  }
}

/** Settles with `result`, or rejects with `timeout` as soon as it expires even if `result` never settles. */
function raceExpiry<R>(result: R | PromiseLike<R>, timeout: Timeout): Promise<Awaited<R>> | Awaited<R> {
  if (timeout.ms === null || !isThenable(result)) return result as Awaited<R>;
  return new Promise<Awaited<R>>((resolve, reject) => {
    const interrupts = timeout[kInterrupts];
    const onExpire = (reason: unknown): void => reject(reason);
    interrupts.add(onExpire);
    result.then(
      (value) => {
        interrupts.delete(onExpire);
        resolve(value as Awaited<R>);
      },
      (error: unknown) => {
        interrupts.delete(onExpire);
        reject(error);
      },
    );
  });
}

/** True for anything `await` would treat as a promise. */
export function isThenable<T>(value: unknown): value is PromiseLike<T> {
  return value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as PromiseLike<T>).then === 'function';
}
