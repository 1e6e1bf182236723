// Lua scripts run by hash: EVALSHA, loading the script with EVAL only when the server does not know it yet
// (first use, or after a restart). Every key a script touches is passed in KEYS, so on Redis Cluster all of them
// must share a slot: the prefix is hash-tagged there (see docs/distributed-objects.md).
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

export interface Script {
  readonly lua: string;
  readonly sha: string;
}

/** Shared Lua: the wake list pattern. Waiters count themselves in `waiters` and BLPOP on `wake`. */
export const WAKE_LUA = `
local function wake(waiters, wakeKey, n)
  local w = tonumber(redis.call('GET', waiters) or '0')
  if w <= 0 then return end
  local have = redis.call('LLEN', wakeKey)
  local want = have + n
  if n < 0 or want > w then want = w end
  for i = have + 1, want do redis.call('RPUSH', wakeKey, '1') end
end
`;

export function defineScript(lua: string): Script {
  return { lua, sha: createHash('sha1').update(lua).digest('hex') };
}

/** Runs `script`; bulk replies come back as Buffers (values are serialized bytes), integers as numbers. */
export async function runScript(redis: Redis, script: Script, keys: string[], args: (string | number | Buffer)[] = []): Promise<any> {
  try {
    return await redis.callBuffer('EVALSHA', script.sha, keys.length, ...keys, ...args);
  } catch (error) {
    if (!String((error as Error)?.message).includes('NOSCRIPT')) throw error;
    return await redis.callBuffer('EVAL', script.lua, keys.length, ...keys, ...args);
  }
}
