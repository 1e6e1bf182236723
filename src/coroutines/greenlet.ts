// gevent.Greenlet: one function call running on the event loop, which others can join, await, get or kill.
import { throwIfAborted, validateSignal, waitArguments, type WaitOptions } from '../time.js';
import { ValueError } from '../errors.js';
import { currentFrame, frameStorage, greenletOfFrame, InterruptSet, setMainFrame, type Interruptible } from './frames.js';
import { GreenletExit } from './errors.js';
import { kIndex, kInterrupts, kLink, kRunNow, kUnlink } from './internal.js';
import type { GetOptions, KillOptions } from './greenlet-options.js';
import { addLink, callLink, callLinks, removeLink, type AnyLink, type Links } from './links.js';
import { reportIfUnobserved } from './report.js';
import { isThenable, Timeout } from './timeout.js';
import { normalizeTimeout, waitFor } from './wait.js';

/** A callback called with a greenlet once it has settled. */
export type LinkCallback<G> = (greenlet: G) => void;

const CREATED = 0;
const SCHEDULED = 1;
const RUNNING = 2;
const DONE = 3;

let lastIdent = 0;
let creatingMain = false;

/** gevent.Greenlet: `await greenlet` gives its value; errors stay in `exception` until someone asks. */
export class Greenlet<R = unknown> implements PromiseLike<R>, Interruptible {
  /** The arguments the function is called with. */
  readonly args: readonly unknown[];
  /** A small number unique to this greenlet (gevent's minimal_ident). */
  readonly minimalIdent: number;
  [kIndex] = 0;
  #interrupts: InterruptSet | null = null;
  #fn: (...args: any[]) => unknown;
  #name: string | undefined = undefined;
  #state = CREATED;
  #value: R | undefined = undefined;
  #exception: unknown = undefined;
  #failed = false;
  #killed = false;
  #killReason: unknown = undefined;
  #isMain = false;
  #observed = false;
  #controller: AbortController | null = null;
  #links: Links = null;
  #promise: Promise<R> | null = null;
  #resolve: ((value: any) => void) | null = null;
  #reject: ((error: unknown) => void) | null = null;
  #startTimer: NodeJS.Timeout | undefined = undefined;

  /**
   * Creates a greenlet that is not started yet: call start() or startLater(), or use spawn(), whose arguments are
   * checked against fn's parameters (a constructor cannot take type parameters of its own to check them here).
   */
  constructor(fn: (...args: never[]) => R | PromiseLike<R>, ...args: unknown[]) {
    if (typeof fn !== 'function') throw new TypeError('a greenlet needs a function to run');
    this.#fn = fn as (...args: unknown[]) => unknown;
    this.args = args;
    this.minimalIdent = ++lastIdent;
    if (creatingMain) {
      this.#isMain = true;
      this.#state = RUNNING;
      this.#name = 'MainGreenlet';
    }
  }

  /** Creates and starts a greenlet (gevent's Greenlet.spawn). */
  static spawn<A extends unknown[], R>(fn: (...args: A) => R, ...args: A): Greenlet<Awaited<R>> {
    const greenlet = new Greenlet<Awaited<R>>(fn as (...args: unknown[]) => Awaited<R>, ...args);
    greenlet.start();
    return greenlet;
  }

  /** Creates a greenlet that starts after `ms` milliseconds (gevent's Greenlet.spawn_later). */
  static spawnLater<A extends unknown[], R>(ms: number, fn: (...args: A) => R, ...args: A): Greenlet<Awaited<R>> {
    const greenlet = new Greenlet<Awaited<R>>(fn as (...args: unknown[]) => Awaited<R>, ...args);
    greenlet.startLater(ms);
    return greenlet;
  }

  /** @internal Builds the pseudo-greenlet that code outside any greenlet runs in. */
  static createMain(): Greenlet<unknown> {
    creatingMain = true;
    try {
      return new Greenlet<unknown>(() => undefined);
    } finally {
      creatingMain = false;
    }
  }

  /** "Greenlet-<n>" unless you set another name. */
  get name(): string {
    return this.#name ?? `Greenlet-${this.minimalIdent}`;
  }

  set name(name: string) {
    this.#name = name;
  }

  /** Schedules the function to run as soon as the current code yields (a no-op once started). */
  start(): void {
    if (this.#state !== CREATED) return;
    this.#state = SCHEDULED;
    queueMicrotask(() => this.#run());
  }

  /** Schedules the function to run after `ms` milliseconds (a no-op once started). */
  startLater(ms: number): void {
    if (this.#state !== CREATED) return;
    this.#state = SCHEDULED;
    this.#startTimer = setTimeout(() => {
      this.#startTimer = undefined;
      this.#run();
    }, normalizeTimeout(ms) ?? 0);
  }

  /** @internal Runs the function now, in the caller's turn (pools use it to avoid one extra hop per item). */
  [kRunNow](): void {
    if (this.#state === CREATED) this.#run();
  }

  /** @internal The waits a kill interrupts (created on first use: most greenlets never wait on us). */
  get [kInterrupts](): InterruptSet {
    return (this.#interrupts ??= new InterruptSet());
  }

  /** True once start(), startLater() or spawn() has been called. */
  get started(): boolean {
    return this.#state !== CREATED;
  }

  /** True once the greenlet has settled, with a value or an exception. */
  ready(): boolean {
    return this.#state === DONE;
  }

  /** True once it has settled with a value (a killed greenlet is not successful: it ends with GreenletExit). */
  successful(): boolean {
    return this.#state === DONE && !this.#failed;
  }

  /** True once it has settled and will not run again (gevent's `dead`). */
  get dead(): boolean {
    return this.#state === DONE;
  }

  /** The function's result, once successful. */
  get value(): R | undefined {
    return this.#value;
  }

  /** What the function threw (or the GreenletExit it was killed with); undefined while running or on success. */
  get exception(): unknown {
    this.#observed = true;
    return this.#exception;
  }

  /** Aborted by kill(), with the GreenletExit as reason: pass it on to fetch(), streams, child processes... */
  get signal(): AbortSignal {
    if (this.#controller === null) {
      this.#controller = new AbortController();
      if (this.#killed) this.#controller.abort(this.#killReason);
    }
    return this.#controller.signal;
  }

  /** PromiseLike: `await greenlet` gives its value or throws its exception. */
  then<T1 = R, T2 = never>(
    onFulfilled?: ((value: R) => T1 | PromiseLike<T1>) | null,
    onRejected?: ((reason: unknown) => T2 | PromiseLike<T2>) | null,
  ): Promise<T1 | T2> {
    this.#observed = true;
    return this.#settledPromise().then(onFulfilled, onRejected);
  }

  /**
   * Waits until the greenlet has settled or `timeout` ms have passed; never throws the greenlet's error.
   * `join({ timeout, signal })`: an abort rejects with the signal's reason (the greenlet runs on).
   */
  async join(timeoutOrOptions?: number | null | WaitOptions): Promise<void> {
    this.#observed = true;
    const { timeout, signal } = waitArguments(timeoutOrOptions);
    throwIfAborted(signal);
    await this.#waitDone(normalizeTimeout(timeout), signal);
  }

  /** Its value, or its exception thrown; without `block` or past `timeout`, a Timeout is thrown instead. */
  async get(options: GetOptions = {}): Promise<R> {
    this.#observed = true;
    const signal = validateSignal(options.signal);
    throwIfAborted(signal);
    if (this.#state !== DONE) {
      if (options.block === false) throw new Timeout(0, `${this.name} is not ready`);
      const timeout = normalizeTimeout(options.timeout);
      if (!(await this.#waitDone(timeout, signal))) throw new Timeout(timeout, `${this.name} did not finish within ${timeout} ms`);
    }
    if (this.#failed) throw this.#exception;
    return this.#value as R;
  }

  /**
   * Aborts `signal`, interrupts the greenlet's sleep/join/get with the exception (GreenletExit by default), and waits
   * for its function to return; the greenlet then ends with that exception whatever the function did. A greenlet not
   * started yet never runs. Past `timeout` ms, the greenlet is declared dead even if its function goes on.
   */
  kill(options: KillOptions = {}): Promise<void> {
    if (this.#isMain) throw new ValueError('cannot kill the main greenlet');
    if (this.#state === DONE) return Promise.resolve();
    if (!this.#killed) {
      this.#killed = true;
      this.#killReason = 'exception' in options ? options.exception : new GreenletExit();
      if (this.#state !== RUNNING) {
        this.#finish(false, undefined, undefined);
        return Promise.resolve();
      }
      this.#controller?.abort(this.#killReason);
      this[kInterrupts].close(this.#killReason);
    }
    if (greenletOfFrame(currentFrame()) === this) return Promise.reject(this.#killReason);
    if (options.block === false) return Promise.resolve();
    return this.#waitDone(normalizeTimeout(options.timeout)).then((done) => {
      if (!done) this.#finish(false, undefined, undefined);
    });
  }

  /** Calls `callback(greenlet)` once it has settled (at once if it already has). */
  link(callback: LinkCallback<this>): void {
    this.#observed = true;
    this[kLink](callback);
  }

  /** Calls `callback(greenlet)` once it has settled successfully. */
  linkValue(callback: LinkCallback<this>): void {
    const wrapper: AnyLink = (greenlet: this) => greenlet.successful() && callback(greenlet);
    wrapper.original = callback;
    this[kLink](wrapper);
  }

  /** Calls `callback(greenlet)` once it has failed (this counts as handling the error). */
  linkException(callback: LinkCallback<this>): void {
    this.#observed = true;
    const wrapper: AnyLink = (greenlet: this) => !greenlet.successful() && callback(greenlet);
    wrapper.original = callback;
    this[kLink](wrapper);
  }

  /** Removes a callback given to link(), linkValue() or linkException(). */
  unlink(callback: LinkCallback<this>): void {
    this[kUnlink](callback);
  }

  /** @internal */
  [kLink](callback: AnyLink): void {
    if (this.#state === DONE) callLink(callback, this);
    else this.#links = addLink(this.#links, callback);
  }

  /** @internal */
  [kUnlink](callback: unknown): void {
    this.#links = removeLink(this.#links, callback);
  }

  toString(): string {
    const target = this.#fn.name ? ` (${this.#fn.name})` : '';
    return `<Greenlet "${this.name}"${target}>`;
  }

  #run(): void {
    if (this.#state === DONE) return;
    this.#state = RUNNING;
    let result: unknown;
    try {
      result = frameStorage.run(this, this.#fn, ...this.args);
    } catch (error) {
      this.#finish(true, undefined, error);
      return;
    }
    if (result instanceof Promise) {
      result.then(
        (value: R) => this.#finish(false, value, undefined),
        (error: unknown) => this.#finish(true, undefined, error),
      );
    } else if (isThenable<R>(result)) {
      if (result === this) {
        this.#finish(true, undefined, new TypeError(`${this.name} returned itself: it would wait for itself forever`));
        return;
      }
      Promise.resolve(result).then(
        (value) => this.#finish(false, value, undefined),
        (error: unknown) => this.#finish(true, undefined, error),
      );
    } else {
      this.#finish(false, result as R, undefined);
    }
  }

  #finish(failed: boolean, value: R | undefined, error: unknown): void {
    if (this.#state === DONE) return;
    this.#state = DONE;
    if (this.#startTimer !== undefined) clearTimeout(this.#startTimer);
    if (this.#killed) {
      failed = true;
      error = this.#killReason;
    }
    if (failed) {
      this.#failed = true;
      this.#exception = error;
      this.#reject?.(error);
    } else {
      this.#value = value;
      this.#resolve?.(value as R);
    }
    this.#resolve = this.#reject = null;
    const links = this.#links;
    this.#links = null;
    callLinks(links, this);
    if (failed && !this.#observed) reportIfUnobserved(error, this, () => this.#observed);
  }

  #settledPromise(): Promise<R> {
    if (this.#promise === null) {
      if (this.#state === DONE) {
        this.#promise = this.#failed ? Promise.reject(this.#exception) : Promise.resolve(this.#value as R);
      } else {
        this.#promise = new Promise<R>((resolve, reject) => {
          this.#resolve = resolve;
          this.#reject = reject;
        });
      }
    }
    return this.#promise;
  }

  #waitDone(timeout: number | null, signal?: AbortSignal): Promise<boolean> {
    if (this.#state === DONE) return Promise.resolve(true);
    return waitFor((wake) => {
      this[kLink](wake);
      return () => this[kUnlink](wake);
    }, timeout, signal);
  }
}

/** The pseudo-greenlet of code running outside any greenlet (gevent's main greenlet). */
export const mainGreenlet = Greenlet.createMain();
setMainFrame(mainGreenlet);
