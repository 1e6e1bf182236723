// JoinableQueue on Redis: a Queue whose puts also count unfinished tasks in `<key>:unfinished`; taskDone() counts
// down, and the last one wakes every join() waiting on the `joined` wake list.
import { ValueError } from '../../errors.js';
import { Queue, type QueueOptions } from './queue.js';
import { WAKE_LUA, defineScript, runScript } from './script.js';
import { registerSharedObject } from './shared-object.js';
import type { RedisStore } from './store.js';
import { validateTimeout } from './options.js';
import { deadlineOf, waitFor, type WaitKeys } from './wait.js';

// KEYS: unfinished, joined waiters, joined wake
const TASK_DONE = defineScript(`${WAKE_LUA}
local n = tonumber(redis.call('GET', KEYS[1]) or '0')
if n <= 0 then return -1 end
n = redis.call('DECR', KEYS[1])
if n == 0 then
  redis.call('DEL', KEYS[1])
  wake(KEYS[2], KEYS[3], -1)
end
return n
`);

// KEYS: unfinished, joined waiters | ARGV: register
const JOINED = defineScript(`
if tonumber(redis.call('GET', KEYS[1]) or '0') <= 0 then return 1 end
if ARGV[1] == '1' then redis.call('INCR', KEYS[2]) end
return 0
`);

export class JoinableQueue<T = unknown> extends Queue<T> {
  private readonly joined: WaitKeys;

  constructor(store: RedisStore, name: string, options: QueueOptions = {}) {
    super(store, name, options, 'JoinableQueue');
    this.joined = { waiters: `${this.key}:joined-waiters`, wake: `${this.key}:joined` };
  }

  protected override redisKeys(): string[] {
    return [...super.redisKeys(), this.unfinishedKey(), this.joined.waiters, this.joined.wake];
  }

  protected override countsTasks(): boolean {
    return true;
  }

  /** Marks one item taken by get() as processed. */
  async taskDone(): Promise<void> {
    const left = await runScript(this.store.command, TASK_DONE, [this.unfinishedKey(), this.joined.waiters, this.joined.wake]);
    if (left < 0) throw new ValueError('task_done() called too many times');
  }

  /** Resolves when every item put has been marked done; with `timeout` (ms), resolves false if that time passes first. */
  async join(timeout?: number | null, signal?: AbortSignal): Promise<boolean> {
    validateTimeout('join()', timeout);
    if (signal !== undefined && !(signal instanceof AbortSignal)) throw new TypeError('join(): signal must be an AbortSignal');
    const attempt = async (register: boolean) => {
      const done = await runScript(this.store.command, JOINED, [this.unfinishedKey(), this.joined.waiters], [register ? '1' : '0']);
      return done === 1 ? { done: true as const, value: true } : { done: false as const };
    };
    const result = await waitFor(this.store, this.joined, attempt, deadlineOf(timeout), signal);
    return result.done;
  }
}

registerSharedObject('JoinableQueue', JoinableQueue, (store, name, options) => new JoinableQueue(store, name, options as QueueOptions));
