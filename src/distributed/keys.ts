// Every Redis key and channel the distributed pool and its workers use, in one place. All of them start with the
// cluster's prefix, so one prefix is one namespace, and a hash-tagged prefix ('{multiproc}') puts them all in one
// Redis Cluster slot (the scripts below touch several keys at once, which Redis Cluster allows only within a slot).

/** The names under one prefix. */
export class Keys {
  constructor(readonly prefix: string) {}

  /** ZSET of open pool ids (score: last refresh, ms): workers attach to each. */
  get pools(): string {
    return `${this.prefix}:pools`;
  }

  /** Pub/sub channel announcing pools: '+<id>' opened, '-<id>' ended. */
  get poolsChannel(): string {
    return `${this.prefix}:pools:changed`;
  }

  /** A pool's liveness marker (expires when its caller stops refreshing it): results are pushed only while it exists. */
  pool(id: string): string {
    return `${this.prefix}:pool:${id}`;
  }

  /** LIST of result messages for a pool's caller. */
  results(id: string): string {
    return `${this.prefix}:pool:${id}:results`;
  }

  /** SET of workers attached to a pool (the caller waits for them to leave before removing the queue). */
  poolWorkers(id: string): string {
    return `${this.prefix}:pool:${id}:workers`;
  }

  /** The BullMQ queue name of a pool (BullMQ puts its keys under `${prefix}:${queue}:…`). */
  queueName(id: string): string {
    return `pool-${id}`;
  }

  /** ZSET of worker ids (score: last heartbeat, ms). */
  get workers(): string {
    return `${this.prefix}:workers`;
  }

  /** One worker's heartbeat record (JSON), expiring unless refreshed. */
  worker(id: string): string {
    return `${this.prefix}:worker:${id}`;
  }
}

/** Pushes a result message only while the pool is alive, so a late worker never re-creates a finished pool's keys. */
export const PUSH_IF_ALIVE = `if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('RPUSH', KEYS[2], ARGV[1]) end return 0`;

/** Records a worker as attached to a pool only while the pool is alive. */
export const ATTACH_IF_ALIVE = `if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('SADD', KEYS[2], ARGV[1]) end return -1`;
