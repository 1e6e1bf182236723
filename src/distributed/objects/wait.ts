// Waiting without polling. A caller that must wait counts itself in a `waiters` key (inside the same script that
// found it must wait, so no wake-up can slip between the check and the count) and blocks in BLPOP on a `wake`
// list on a connection of its own; whoever changes the state pushes as many tokens as there are waiters to wake.
// A token is only a hint: the woken caller tries again. Timeouts are the server's (BLPOP's own), aborts end the
// BLPOP at once with CLIENT UNBLOCK.
import { FOREVER, normalizeTimeout } from '../../time.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { ValueError } from '../../errors.js';
import type { RedisStore } from './store.js';
import { defineScript, runScript } from './script.js';

/** What a try at the operation found: done (with a value), or must wait (at most `retryIn` ms, e.g. until a lock expires). */
export type Attempt<T> = { done: true; value: T } | { done: false; retryIn?: number };

export interface WaitKeys {
  waiters: string;
  wake: string;
}

const UNBLOCK_RETRY_MS = 10;

const LEAVE = defineScript(`
local n = redis.call('DECR', KEYS[1])
if n <= 0 then redis.call('DEL', KEYS[1], KEYS[2]) end
return n
`);

/** ms (SPEC's rules, time.ts) -> a deadline on the monotonic clock (performance.now()), or null for forever. */
export function deadlineOf(timeout: number | null | undefined): number | null {
  const timeoutMs = normalizeTimeout(timeout);
  return timeoutMs === FOREVER ? null : performance.now() + timeoutMs;
}

/** BLPOP's timeout: seconds with millisecond precision; '0' would mean forever, so the least wait is 1 ms. */
function blpopSeconds(ms: number | null): string {
  if (ms === null || ms === Infinity) return '0';
  return (Math.max(1, Math.ceil(ms)) / 1000).toFixed(3);
}

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted', 'AbortError');
}

/**
 * BLPOP on `key` for at most `ms` (null = forever) on a borrowed connection; the popped element, or null on timeout.
 * An abort rejects with the signal's reason; an element popped in the same instant is handed to `onLost`.
 */
export async function blockingPop(store: RedisStore, key: string, ms: number | null, signal?: AbortSignal, onLost?: (item: Buffer) => Promise<unknown>): Promise<Buffer | null> {
  if (signal?.aborted) throw abortError(signal);
  const connection = await store.blocking();
  if (signal?.aborted) {
    connection.release();
    throw abortError(signal);
  }
  let aborted = false;
  let settled = false;
  // The BLPOP may not have reached the server yet when the abort comes (it travels on another connection than
  // CLIENT UNBLOCK): repeat the unblock until it hits or the BLPOP has answered.
  const unblock = async () => {
    while (!settled && !store.closed) {
      const unblocked = await store.command.client('UNBLOCK', connection.clientId).catch(() => 0);
      if (unblocked === 1 || settled) return;
      await sleep(UNBLOCK_RETRY_MS);
    }
  };
  const onAbort = () => {
    aborted = true;
    void unblock();
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  let broken = false;
  try {
    const reply = await connection.redis.blpopBuffer(key, blpopSeconds(ms)).finally(() => (settled = true));
    const item = reply === null ? null : reply[1];
    if (aborted) {
      if (item !== null) await onLost?.(item);
      throw abortError(signal!);
    }
    return item;
  } catch (error) {
    broken = !aborted;
    if (store.closed) throw new ValueError('the Redis store was closed while this call waited');
    throw error;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    connection.release(broken);
  }
}

/**
 * Runs `attempt` until it is done or the deadline passes (then `{ done: false }`). `attempt(true)` must count the
 * caller in `keys.waiters` when it reports that it must wait; this function uncounts it after each wait.
 */
export async function waitFor<T>(store: RedisStore, keys: WaitKeys, attempt: (register: boolean) => Promise<Attempt<T>>, deadline: number | null, signal?: AbortSignal): Promise<Attempt<T>> {
  for (;;) {
    if (signal?.aborted) throw abortError(signal);
    const remaining = deadline === null ? null : deadline - performance.now();
    if (remaining !== null && remaining <= 0) return attempt(false);
    const result = await attempt(true);
    if (result.done) return result;
    let wait = remaining === null ? null : Math.max(0, deadline! - performance.now());
    if (result.retryIn !== undefined) wait = wait === null ? result.retryIn : Math.min(wait, result.retryIn);
    try {
      await blockingPop(store, keys.wake, wait, signal);
    } finally {
      if (!store.closed) await runScript(store.command, LEAVE, [keys.waiters, keys.wake]);
    }
  }
}
