// Shared setup of the distributed-object tests: one real redis-server per file, stores on a fresh prefix per
// test, and checks on what Redis holds and which commands it ran.
import { randomBytes } from 'node:crypto';
import { eventually } from '../../helpers.js';
import { startRedis, type RedisServer } from '../redis-server.js';
import { openStore, type RedisStore } from '../../../src/distributed/objects/store.js';

export const T = { timeout: 60_000 };

export interface Setup {
  redis: RedisServer;
  stores: RedisStore[];
  /** A store on this test's prefix (each call: a new store with its own connections). */
  open(prefix?: string): RedisStore;
  /** Keys under the prefix. */
  keys(prefix: string): Promise<string[]>;
  /** How many times Redis ran `command` since the last reset. */
  calls(command: string): Promise<number>;
  resetStats(): Promise<void>;
  /** Resolves once `n` clients wait inside a blocking command (BLPOP), i.e. the waiters really sleep in Redis. */
  blocked(n: number): Promise<void>;
  close(): Promise<void>;
}

export function freshPrefix(): string {
  return `t${randomBytes(4).toString('hex')}`;
}

export async function setUp(): Promise<Setup> {
  const redis = await startRedis();
  const stores: RedisStore[] = [];
  const admin = openStore({ url: redis.url, prefix: 'admin' });
  const setup: Setup = {
    redis,
    stores,
    open(prefix = 'multiproc') {
      const store = openStore({ url: redis.url, prefix });
      stores.push(store);
      return store;
    },
    async keys(prefix) {
      return admin.command.keys(`${prefix}:*`);
    },
    async calls(command) {
      const info = await admin.command.info('commandstats');
      const match = new RegExp(`cmdstat_${command.toLowerCase()}:calls=(\\d+)`).exec(info);
      return match ? Number(match[1]) : 0;
    },
    async resetStats() {
      await admin.command.config('RESETSTAT');
    },
    async blocked(n) {
      await eventually(async () => Number(/blocked_clients:(\d+)/.exec(await admin.command.info('clients'))![1]) >= n, 20_000);
    },
    async close() {
      await Promise.all(stores.map((store) => store.close()));
      await admin.close();
      await redis.stop();
    },
  };
  return setup;
}
