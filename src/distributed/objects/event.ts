// Event on Redis: a flag key; set() raises it and wakes every waiter (one token each on the wake list),
// clear() removes it. wait() sleeps in BLPOP, never polls.
import { WAKE_LUA, defineScript, runScript } from './script.js';
import { SharedObject, registerSharedObject } from './shared-object.js';
import type { RedisStore } from './store.js';
import { validateTimeout } from './options.js';
import { deadlineOf, waitFor, type Attempt, type WaitKeys } from './wait.js';

// KEYS: flag, waiters, wake
const SET = defineScript(`${WAKE_LUA}
redis.call('SET', KEYS[1], '1')
wake(KEYS[2], KEYS[3], -1)
return 1
`);

// KEYS: flag, waiters | ARGV: register
const IS_SET = defineScript(`
if redis.call('EXISTS', KEYS[1]) == 1 then return 1 end
if ARGV[1] == '1' then redis.call('INCR', KEYS[2]) end
return 0
`);

export class Event extends SharedObject {
  private readonly waiting: WaitKeys;

  constructor(store: RedisStore, name: string) {
    super(store, 'Event', name);
    this.waiting = { waiters: `${this.key}:waiters`, wake: `${this.key}:wake` };
  }

  protected override redisKeys(): string[] {
    return [this.key, this.waiting.waiters, this.waiting.wake];
  }

  async set(): Promise<void> {
    await runScript(this.store.command, SET, [this.key, this.waiting.waiters, this.waiting.wake]);
  }

  async clear(): Promise<void> {
    await this.store.command.del(this.key);
  }

  async isSet(): Promise<boolean> {
    return (await this.store.command.exists(this.key)) === 1;
  }

  /** Resolves true once the event is set; false if `timeout` ms pass first. */
  async wait(timeout?: number | null, signal?: AbortSignal): Promise<boolean> {
    validateTimeout('wait()', timeout);
    if (signal !== undefined && !(signal instanceof AbortSignal)) throw new TypeError('wait(): signal must be an AbortSignal');
    const attempt = async (register: boolean): Promise<Attempt<true>> => {
      const isSet = await runScript(this.store.command, IS_SET, [this.key, this.waiting.waiters], [register ? '1' : '0']);
      return isSet === 1 ? { done: true, value: true } : { done: false };
    };
    return (await waitFor(this.store, this.waiting, attempt, deadlineOf(timeout), signal)).done;
  }
}

registerSharedObject('Event', Event, (store, name) => new Event(store, name));
