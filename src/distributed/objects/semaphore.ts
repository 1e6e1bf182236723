// Semaphore on Redis: a counter key (absent means the initial value, so unlink() resets it) taken and given
// back in scripts; acquirers that must wait sleep on a wake list that release(n) tops up with n tokens.
import { WAKE_LUA, defineScript, runScript } from './script.js';
import { SharedObject, registerSharedObject } from './shared-object.js';
import type { RedisStore } from './store.js';
import { hold, type Held } from './held.js';
import { validateCount, validateWaitOptions, type WaitOptions } from './options.js';
import { deadlineOf, waitFor, type Attempt, type WaitKeys } from './wait.js';

// KEYS: counter, waiters | ARGV: initial value, register
const ACQUIRE = defineScript(`
local v = tonumber(redis.call('GET', KEYS[1]) or ARGV[1])
if v > 0 then
  redis.call('SET', KEYS[1], v - 1)
  return 1
end
if ARGV[2] == '1' then redis.call('INCR', KEYS[2]) end
return 0
`);

// KEYS: counter, waiters, wake | ARGV: initial value, n
const RELEASE = defineScript(`${WAKE_LUA}
local v = tonumber(redis.call('GET', KEYS[1]) or ARGV[1]) + tonumber(ARGV[2])
redis.call('SET', KEYS[1], v)
wake(KEYS[2], KEYS[3], tonumber(ARGV[2]))
return v
`);

export class Semaphore extends SharedObject {
  readonly initial: number;
  private readonly waiting: WaitKeys;

  constructor(store: RedisStore, name: string, value = 1) {
    super(store, 'Semaphore', name);
    this.initial = validateCount('Semaphore()', 'value', value, 0);
    this.waiting = { waiters: `${this.key}:waiters`, wake: `${this.key}:wake` };
  }

  protected override redisKeys(): string[] {
    return [this.key, this.waiting.waiters, this.waiting.wake];
  }

  protected override options(): Record<string, unknown> {
    return { value: this.initial };
  }

  /** Resolves true once a unit is taken; false when `block` is false or `timeout` passes first. */
  async acquire(options?: WaitOptions): Promise<boolean> {
    const { block, timeout, signal } = validateWaitOptions('acquire()', options);
    const attempt = async (register: boolean): Promise<Attempt<true>> => {
      const ok = await runScript(this.store.command, ACQUIRE, [this.key, this.waiting.waiters], [this.initial, register ? '1' : '0']);
      return ok === 1 ? { done: true, value: true } : { done: false };
    };
    const result = block ? await waitFor(this.store, this.waiting, attempt, deadlineOf(timeout), signal) : await attempt(false);
    return result.done;
  }

  /** `await using _ = await x.hold({ timeout })`: acquires (TimeoutError when it cannot in time) and releases when the block ends. */
  hold(options?: WaitOptions): Promise<Held> {
    return hold(`Semaphore '${this.name}'`, (o) => this.acquire(o), () => this.release(), options);
  }

  /** Gives back `n` units (default 1) and wakes as many waiters. */
  async release(n = 1): Promise<void> {
    validateCount('release()', 'n', n, 1);
    await runScript(this.store.command, RELEASE, [this.key, this.waiting.waiters, this.waiting.wake], [this.initial, n]);
  }

  async getValue(): Promise<number> {
    const value = await this.store.command.get(this.key);
    return value === null ? this.initial : Number(value);
  }
}

registerSharedObject('Semaphore', Semaphore, (store, name, options) => new Semaphore(store, name, options.value as number));
