// The proxy of a Pool served by a manager (Python's PoolProxy): the pool's workers are the server's children.
// Functions travel as references (they must be exported, as every target); results of the ...Async methods and of
// imap are new managed objects, reached through AsyncResultProxy and IteratorProxy.
import { referenceOf } from '../reference/locate.js';
import { BaseProxy, registerProxyClass, setProxyType } from './base-proxy.js';

/** apply()'s arguments after fn: args may be left out only when fn takes none. */
type ArgsRest<A extends unknown[]> = [] extends A ? [args?: A, kwds?: undefined] : [args: A, kwds?: undefined];

/** A Pool of a manager. */
export class PoolProxy extends BaseProxy {
  apply<A extends [] | unknown[], K extends object, R>(fn: (...args: [...A, K]) => R, args: A, kwds: K): Promise<Awaited<R>>;
  apply<A extends [] | unknown[], R>(fn: (...args: A) => R, ...rest: ArgsRest<A>): Promise<Awaited<R>>;
  apply(fn: Function, args: unknown[] = [], kwds?: object): Promise<unknown> {
    return this._callMethod('apply', [referenceOf(fn), args, kwds]);
  }

  applyAsync<A extends [] | unknown[], K extends object, R>(fn: (...args: [...A, K]) => R, args: A, kwds: K): Promise<AsyncResultProxy<Awaited<R>>>;
  applyAsync<A extends [] | unknown[], R>(fn: (...args: A) => R, ...rest: ArgsRest<A>): Promise<AsyncResultProxy<Awaited<R>>>;
  applyAsync(fn: Function, args: unknown[] = [], kwds?: object): Promise<AsyncResultProxy<unknown>> {
    return this._callMethod('applyAsync', [referenceOf(fn), args, kwds]);
  }

  map<T, R>(fn: (item: T) => R | Promise<R>, iterable: Iterable<T>, chunksize?: number): Promise<Awaited<R>[]> {
    return this._callMethod('map', [referenceOf(fn), [...iterable], chunksize]);
  }

  mapAsync<T, R>(fn: (item: T) => R | Promise<R>, iterable: Iterable<T>, chunksize?: number): Promise<AsyncResultProxy<Awaited<R>[]>> {
    return this._callMethod('mapAsync', [referenceOf(fn), [...iterable], chunksize]);
  }

  starmap<A extends [] | unknown[], R>(fn: (...args: A) => R, iterable: Iterable<A>, chunksize?: number): Promise<Awaited<R>[]> {
    return this._callMethod('starmap', [referenceOf(fn), [...iterable], chunksize]);
  }

  starmapAsync<A extends [] | unknown[], R>(fn: (...args: A) => R, iterable: Iterable<A>, chunksize?: number): Promise<AsyncResultProxy<Awaited<R>[]>> {
    return this._callMethod('starmapAsync', [referenceOf(fn), [...iterable], chunksize]);
  }

  /** Results in input order, one round trip each (`for await (const r of await pool.imap(fn, xs))`). */
  imap<T, R>(fn: (item: T) => R | Promise<R>, iterable: Iterable<T>, chunksize = 1): Promise<IteratorProxy<Awaited<R>>> {
    return this._callMethod('imap', [referenceOf(fn), [...iterable], chunksize]);
  }

  /** Results in completion order. */
  imapUnordered<T, R>(fn: (item: T) => R | Promise<R>, iterable: Iterable<T>, chunksize = 1): Promise<IteratorProxy<Awaited<R>>> {
    return this._callMethod('imapUnordered', [referenceOf(fn), [...iterable], chunksize]);
  }

  close(): Promise<void> {
    return this._callMethod('close');
  }

  terminate(): Promise<void> {
    return this._callMethod('terminate');
  }

  join(): Promise<void> {
    return this._callMethod('join');
  }

  /** `await using pool = await manager.Pool(2)`: terminates the pool at the end of the scope, as Python's `with` does. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.terminate();
  }
}

/** The AsyncResult of a managed pool's ...Async call. */
export class AsyncResultProxy<R = unknown> extends BaseProxy {
  /** The result; TimeoutError after `timeout` ms; the task's error as itself. */
  get(timeout?: number | null): Promise<R> {
    return this._callMethod('get', [timeout]);
  }

  wait(timeout?: number | null): Promise<void> {
    return this._callMethod('wait', [timeout]);
  }

  ready(): Promise<boolean> {
    return this._callMethod('ready');
  }

  successful(): Promise<boolean> {
    return this._callMethod('successful');
  }
}

/** The iterator of a managed pool's imap/imapUnordered. */
export class IteratorProxy<R = unknown> extends BaseProxy implements AsyncIterableIterator<R> {
  next(timeout?: number | null): Promise<IteratorResult<R>> {
    return this._callMethod('next', [timeout]);
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<R> {
    return this;
  }
}

registerProxyClass(PoolProxy);
registerProxyClass(AsyncResultProxy);
registerProxyClass(IteratorProxy);
setProxyType('AsyncResult', AsyncResultProxy);
setProxyType('Iterator', IteratorProxy);
