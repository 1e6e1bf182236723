// Queue on Redis: a list of serialized items. put is one script (bounded queues check their size and push in
// the same step); get blocks in BLPOP on the list itself, so a put anywhere wakes exactly one getter, without polling.
// A put on a full bounded queue waits on the queue's `space` wake list, which every get tops up for such waiters.
import { Empty, Full } from '../../errors.js';
import { WAKE_LUA, defineScript, runScript } from './script.js';
import { SharedObject, registerSharedObject } from './shared-object.js';
import type { RedisStore } from './store.js';
import { validateCount, validateWaitOptions, type WaitOptions } from './options.js';
import { blockingPop, deadlineOf, waitFor, type WaitKeys } from './wait.js';

export interface QueueOptions {
  /** 0 (default) = unbounded. */
  maxsize?: number;
}

// KEYS: items, space waiters, space wake, unfinished (JoinableQueue) | ARGV: item, maxsize, register (1 = count me as a waiter), count unfinished (1/0)
const PUT = defineScript(`
local size = redis.call('LLEN', KEYS[1])
local maxsize = tonumber(ARGV[2])
if maxsize > 0 and size >= maxsize then
  if ARGV[3] == '1' then redis.call('INCR', KEYS[2]) end
  return 0
end
redis.call('RPUSH', KEYS[1], ARGV[1])
if ARGV[4] == '1' then redis.call('INCR', KEYS[4]) end
return 1
`);

// KEYS: items, space waiters, space wake | ARGV: an item already popped by BLPOP, or '' to pop here
const TAKE = defineScript(`${WAKE_LUA}
local item = ARGV[1]
if item == '' then
  item = redis.call('LPOP', KEYS[1])
  if not item then return false end
end
wake(KEYS[2], KEYS[3], 1)
return item
`);

export class Queue<T = unknown> extends SharedObject {
  readonly maxsize: number;
  protected readonly space: WaitKeys;

  constructor(store: RedisStore, name: string, options: QueueOptions = {}, kind = 'Queue') {
    super(store, kind, name);
    if (typeof options !== 'object' || options === null) throw new TypeError(`${kind}(name, options): options must be an object { maxsize? }`);
    this.maxsize = validateCount(`${kind}()`, 'maxsize', options.maxsize ?? 0, 0);
    this.space = { waiters: `${this.key}:space-waiters`, wake: `${this.key}:space` };
  }

  protected override redisKeys(): string[] {
    return [this.key, this.space.waiters, this.space.wake];
  }

  protected override options(): Record<string, unknown> {
    return { maxsize: this.maxsize };
  }

  /** Whether a put also counts an unfinished task (JoinableQueue). */
  protected countsTasks(): boolean {
    return false;
  }

  protected unfinishedKey(): string {
    return `${this.key}:unfinished`;
  }

  /** Appends `obj`; on a full bounded queue waits for room (Full past `timeout`, or at once with block: false). */
  async put(obj: T, options?: WaitOptions): Promise<void> {
    const { block, timeout, signal } = validateWaitOptions('put()', options);
    const item = this.store.encode(obj, 'item');
    const keys = [this.key, this.space.waiters, this.space.wake, this.unfinishedKey()];
    const attempt = async (register: boolean) => {
      const pushed = await runScript(this.store.command, PUT, keys, [item, this.maxsize, register ? '1' : '0', this.countsTasks() ? '1' : '0']);
      return pushed === 1 ? { done: true as const, value: undefined } : { done: false as const };
    };
    const result = this.maxsize === 0 || !block ? await attempt(false) : await waitFor(this.store, this.space, attempt, deadlineOf(timeout), signal);
    if (!result.done) throw new Full(`queue '${this.name}' is full (maxsize ${this.maxsize})`);
  }

  putNowait(obj: T): Promise<void> {
    return this.put(obj, { block: false });
  }

  /** Removes and returns the first item; waits for one (Empty past `timeout`, or at once with block: false). */
  async get(options?: WaitOptions): Promise<T> {
    const { block, timeout, signal } = validateWaitOptions('get()', options);
    const keys = [this.key, this.space.waiters, this.space.wake];
    const taken = (await runScript(this.store.command, TAKE, keys, [''])) as Buffer | null;
    if (taken !== null) return (await this.store.decode(taken)) as T;
    const deadline = deadlineOf(timeout);
    if (block && (deadline === null || deadline > performance.now())) {
      const giveBack = (item: Buffer) => this.store.command.lpush(this.key, item);
      const item = await blockingPop(this.store, this.key, deadline === null ? null : deadline - performance.now(), signal, giveBack);
      if (item !== null) {
        await runScript(this.store.command, TAKE, keys, [item]);
        return (await this.store.decode(item)) as T;
      }
    }
    throw new Empty(`queue '${this.name}' is empty`);
  }

  getNowait(): Promise<T> {
    return this.get({ block: false });
  }

  /** The number of items (a snapshot: other processes may change it at once). */
  async qsize(): Promise<number> {
    return this.store.command.llen(this.key);
  }

  async empty(): Promise<boolean> {
    return (await this.qsize()) === 0;
  }

  async full(): Promise<boolean> {
    return this.maxsize > 0 && (await this.qsize()) >= this.maxsize;
  }
}

registerSharedObject('Queue', Queue, (store, name, options) => new Queue(store, name, options as QueueOptions));
