// Lock on Redis: the key holds the holder's fencing token (INCR of `<key>:fence`, so every acquisition of one
// name gets a larger number than the last) and expires after `ttl` ms, so a holder that dies cannot keep it.
// Only the holder releases (compare-and-delete in one script); waiters sleep on a wake list, and never past the
// moment the lock expires.
import { ValueError } from '../../errors.js';
import { WAKE_LUA, defineScript, runScript } from './script.js';
import { SharedObject, registerSharedObject } from './shared-object.js';
import type { RedisStore } from './store.js';
import { hold, type Held } from './held.js';
import { validateWaitOptions, type WaitOptions } from './options.js';
import { deadlineOf, waitFor, type Attempt, type WaitKeys } from './wait.js';

export interface LockOptions {
  /** ms after which an acquired lock frees itself (default 30 000); null: never (a dead holder then keeps it). */
  ttl?: number | null;
}

const DEFAULT_TTL_MS = 30_000;

// KEYS: lock, fence, waiters | ARGV: ttl ms (0 = none), register
const ACQUIRE = defineScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then
  local token = redis.call('INCR', KEYS[2])
  if tonumber(ARGV[1]) > 0 then redis.call('SET', KEYS[1], token, 'PX', ARGV[1]) else redis.call('SET', KEYS[1], token) end
  return {1, token}
end
if ARGV[2] == '1' then redis.call('INCR', KEYS[3]) end
return {0, redis.call('PTTL', KEYS[1])}
`);

// KEYS: lock, waiters, wake | ARGV: token
const RELEASE = defineScript(`${WAKE_LUA}
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
wake(KEYS[2], KEYS[3], 1)
return 1
`);

// KEYS: lock | ARGV: token, ttl ms
const EXTEND = defineScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
`);

function validateTtl(method: string, ttl: unknown): number | null {
  if (ttl === null) return null;
  if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl <= 0) {
    throw new TypeError(`${method}: ttl must be a positive whole number of milliseconds, or null for a lock that never expires`);
  }
  return ttl;
}

export class Lock extends SharedObject {
  readonly ttl: number | null;
  private readonly fence: string;
  private readonly waiting: WaitKeys;
  private held: number | null = null;

  constructor(store: RedisStore, name: string, options: LockOptions = {}) {
    super(store, 'Lock', name);
    if (typeof options !== 'object' || options === null) throw new TypeError('Lock(name, options): options must be an object { ttl? }');
    this.ttl = options.ttl === undefined ? DEFAULT_TTL_MS : validateTtl('Lock()', options.ttl);
    this.fence = `${this.key}:fence`;
    this.waiting = { waiters: `${this.key}:waiters`, wake: `${this.key}:wake` };
  }

  protected override redisKeys(): string[] {
    return [this.key, this.fence, this.waiting.waiters, this.waiting.wake];
  }

  protected override options(): Record<string, unknown> {
    return { ttl: this.ttl };
  }

  /**
   * The fencing token of this handle's current acquisition (null when it holds nothing): larger than every token
   * issued before for this name. Pass it to the resource you guard, which refuses writes with a smaller one.
   */
  get token(): number | null {
    return this.held;
  }

  /** Resolves true once acquired; false when `block` is false or `timeout` passes first. Not recursive. */
  async acquire(options?: WaitOptions): Promise<boolean> {
    const { block, timeout, signal } = validateWaitOptions('acquire()', options);
    const attempt = async (register: boolean): Promise<Attempt<number>> => {
      const [ok, n] = (await runScript(this.store.command, ACQUIRE, [this.key, this.fence, this.waiting.waiters], [this.ttl ?? 0, register ? '1' : '0'])) as [number, number];
      if (ok === 1) return { done: true, value: n };
      // A holder that died never releases: wake when its lock expires at the latest.
      return n >= 0 ? { done: false, retryIn: n } : { done: false };
    };
    const result = block ? await waitFor(this.store, this.waiting, attempt, deadlineOf(timeout), signal) : await attempt(false);
    if (!result.done) return false;
    this.held = result.value;
    return true;
  }

  /** `await using _ = await x.hold({ timeout })`: acquires (TimeoutError when it cannot in time) and releases when the block ends. */
  hold(options?: WaitOptions): Promise<Held> {
    return hold(`Lock '${this.name}'`, (o) => this.acquire(o), () => this.release(), options);
  }

  /** Releases the lock held by this handle; ValueError when it holds nothing or its ttl ran out (someone else may hold it now). */
  async release(): Promise<void> {
    if (this.held === null) throw new ValueError(`release of Lock '${this.name}', which this handle does not hold`);
    const token = this.held;
    this.held = null;
    const released = await runScript(this.store.command, RELEASE, [this.key, this.waiting.waiters, this.waiting.wake], [String(token)]);
    if (released !== 1) throw new ValueError(`Lock '${this.name}' expired (ttl ${this.ttl} ms) before release: another holder may have had it since`);
  }

  /** Gives the held lock `ttl` more ms from now (default: the lock's ttl); ValueError when it already expired. */
  async extend(ttl: number | undefined = this.ttl ?? undefined): Promise<void> {
    const ms = validateTtl('extend()', ttl);
    if (this.held === null) throw new ValueError(`extend() of Lock '${this.name}', which this handle does not hold`);
    const extended = await runScript(this.store.command, EXTEND, [this.key], [String(this.held), ms!]);
    if (extended !== 1) throw new ValueError(`Lock '${this.name}' expired before extend()`);
  }

  /** Whether anyone holds the lock now. */
  async locked(): Promise<boolean> {
    return (await this.store.command.exists(this.key)) === 1;
  }
}

registerSharedObject('Lock', Lock, (store, name, options) => new Lock(store, name, options as LockOptions));
