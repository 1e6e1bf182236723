// Compile-time tests of typed targets, checked by `npm run typecheck` (never run): arguments, kwargs and results are
// inferred from the target, so every `@ts-expect-error` line below must be an error, and every other line must not.
import { Pool, Process, type AsyncResult, type IMapIterator } from '../../src/index.js';
import { Thread, Timer } from '../../src/threading/index.js';
import { spawn, type Greenlet } from '../../src/coroutines/index.js';
import type { DictProxy, ListProxy, QueueProxy, SyncManager } from '../../src/managers/index.js';

declare function greet(name: string): string;
declare function add(a: number, b: number): number;
declare function addLater(a: number, b: number): Promise<number>;
declare function scaled(x: number, kwargs: { scale: number }): number;
declare function noArguments(): boolean;
declare function optional(x?: number): number;
declare function report(path: string, ...received: unknown[]): void;

/** Whether T and U are the same type (`any` is the same as nothing else). */
type IsExactly<T, U> = (<G>() => G extends T ? 1 : 2) extends <G>() => G extends U ? 1 : 2 ? true : false;
/** `exactly<T>()(value)` fails to compile unless value's type is exactly T. */
declare function exactly<T>(): <U>(value: U, ...mismatch: IsExactly<T, U> extends true ? [] : [never]) => void;

declare const pool: Pool;
declare const manager: SyncManager;

export async function processAndThreadOptions(): Promise<void> {
  new Process({ target: greet, args: ['Ada'] });
  new Process({ target: add, args: [1, 2], name: 'adder', daemon: true });
  new Process({ target: scaled, args: [2], kwargs: { scale: 3 } });
  new Process({ target: report, args: ['/tmp/out', 1, 'two'], kwargs: { key: 'value' } });
  new Process({ target: noArguments });
  new Process({ target: optional });
  new Process({ name: 'subclass-style' });
  new Thread({ target: add, args: [1, 2] });
  new Timer(10, greet, ['Ada']);

  // @ts-expect-error greet takes a string, not two numbers
  new Process({ target: greet, args: [1, 2] });
  // @ts-expect-error add needs its arguments
  new Process({ target: add });
  // @ts-expect-error one argument too many
  new Process({ target: add, args: [1, 2, 3] });
  // @ts-expect-error kwargs must fit the target's last parameter
  new Process({ target: scaled, args: [2], kwargs: { scale: 'large' } });
  // @ts-expect-error a Thread checks its target the same way
  new Thread({ target: greet, args: [42] });
  // @ts-expect-error so does a Timer
  new Timer(10, greet, [42]);
}

export async function poolCalls(): Promise<void> {
  exactly<number>()(await pool.apply(add, [1, 2]));
  exactly<number>()(await pool.apply(addLater, [1, 2]));
  exactly<number>()(await pool.apply(scaled, [2], { scale: 3 }));
  exactly<boolean>()(await pool.apply(noArguments));
  exactly<AsyncResult<string>>()(pool.applyAsync(greet, ['Ada'], { callback: (value: string) => void value }));
  exactly<number[]>()(await pool.map((x: number) => x * 2, [1, 2, 3]));
  exactly<string[]>()(await pool.map(greet, ['a', 'b'], { chunksize: 1, signal: AbortSignal.timeout(1000) }));
  exactly<number[]>()(await pool.starmap(add, [[1, 2], [3, 4]]));
  exactly<number[]>()(await pool.starmapAsync(addLater, [[1, 2]]).get());
  exactly<IMapIterator<number>>()(pool.imap(addLater.bind(null, 1), [1, 2]));
  exactly<IMapIterator<string>>()(pool.imapUnordered(greet, ['a']));

  // @ts-expect-error a string where add takes a number
  await pool.apply(add, [1, '2']);
  // @ts-expect-error add's arguments are missing
  await pool.apply(add);
  // @ts-expect-error kwds must fit the target's last parameter
  await pool.apply(scaled, [2], { scale: 'large' });
  // @ts-expect-error applyAsync checks args too
  pool.applyAsync(greet, [42]);
  // @ts-expect-error map's items must be what fn takes
  await pool.map(greet, [1, 2]);
  // @ts-expect-error the result type is fn's awaited return
  exactly<number[]>()(await pool.map(greet, ['a']));
  // @ts-expect-error starmap's argument arrays must fit fn
  await pool.starmap(add, [[1, 'x']]);
  // @ts-expect-error imap's items must be what fn takes
  pool.imap(greet, [1]);
}

export function coroutines(): void {
  exactly<Greenlet<number>>()(spawn(addLater, 1, 2));
  // @ts-expect-error spawn checks the arguments against fn
  spawn(add, 1, 'x');
}

export async function proxies(): Promise<void> {
  exactly<DictProxy<unknown, unknown>>()(await manager.dict());
  exactly<DictProxy<string, number>>()(await manager.dict<string, number>());
  exactly<ListProxy<unknown>>()(await manager.list());
  exactly<QueueProxy<unknown>>()(await manager.Queue());
  const values = await manager.dict();
  // @ts-expect-error a proxy's values are unknown until typed, not any
  (await values.get('k')).toFixed();
}
