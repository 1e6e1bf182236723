// connect(): checks the options, opens one Redis connection within the connect timeout (ConnectionError otherwise,
// never a hang) and returns the cluster handle. Workers open theirs the same way.
import type { Redis, RedisOptions } from 'ioredis';
import { ConnectionError, ValueError } from '../errors.js';
import { Cluster } from './cluster.js';
import { loadDependencies, type Dependencies } from './deps.js';

export interface ConnectOptions {
  /** A redis:// or rediss:// URL, or ioredis options ({ host, port, password, tls … }). */
  connection: string | RedisOptions;
  /** Namespace of every key (default 'multiproc'); on Redis Cluster use a hash tag, e.g. '{multiproc}'. */
  prefix?: string;
  /** Milliseconds to reach Redis before ConnectionError (default 10000). */
  connectTimeout?: number;
}

export const DEFAULT_PREFIX = 'multiproc';
const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

export interface Endpoint {
  connection: string | RedisOptions;
  prefix: string;
  connectTimeout: number;
}

/** The options, checked, with their defaults. */
export function validateConnectOptions(options: unknown): Endpoint {
  if (options === null || typeof options !== 'object') throw new TypeError("connect() needs an options object: connect({ connection: 'redis://host:6379' })");
  const { connection, prefix = DEFAULT_PREFIX, connectTimeout = DEFAULT_CONNECT_TIMEOUT_MS } = options as ConnectOptions;
  if (typeof connection === 'string') {
    if (!/^rediss?:\/\//.test(connection)) throw new ValueError(`connection must be a redis:// or rediss:// URL, got '${connection}'`);
  } else if (connection === null || typeof connection !== 'object') {
    throw new TypeError("connection must be a Redis URL ('redis://host:6379') or an ioredis options object");
  }
  if (typeof prefix !== 'string' || prefix === '' || /\s/.test(prefix)) throw new ValueError('prefix must be a non-empty string without spaces');
  if (typeof connectTimeout !== 'number' || !(connectTimeout > 0)) throw new ValueError('connectTimeout must be a positive number of milliseconds');
  return { connection, prefix, connectTimeout };
}

function describe(connection: string | RedisOptions): string {
  if (typeof connection === 'string') return connection.replace(/\/\/[^@/]*@/, '//');
  return `${connection.host ?? '127.0.0.1'}:${connection.port ?? 6379}`;
}

/** A connected ioredis client (commands wait across reconnections, as BullMQ needs); ConnectionError within the timeout. */
export async function openRedis(deps: Dependencies, endpoint: Endpoint): Promise<Redis> {
  const settings: RedisOptions = { lazyConnect: true, connectTimeout: endpoint.connectTimeout, maxRetriesPerRequest: null };
  const client = typeof endpoint.connection === 'string'
    ? new deps.Redis(endpoint.connection, settings)
    : new deps.Redis({ ...endpoint.connection, ...settings });
  let lastError: Error | undefined;
  // Without a listener ioredis prints every failed reconnection; the caller learns of failures from the commands.
  client.on('error', (error: Error) => (lastError = error));
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${endpoint.connectTimeout} ms`)), endpoint.connectTimeout);
  });
  try {
    await Promise.race([client.connect().then(() => client.ping()), timedOut]);
    return client;
  } catch (error) {
    client.disconnect();
    const reason = lastError?.message ?? (error as Error).message;
    throw new ConnectionError(`cannot reach Redis at ${describe(endpoint.connection)}: ${reason}. Is redis-server running and reachable from here?`);
  } finally {
    clearTimeout(timer);
  }
}

/** Connects to Redis and returns the cluster handle (`await using cluster = await connect({ connection })`). */
export async function connect(options: ConnectOptions): Promise<Cluster> {
  const endpoint = validateConnectOptions(options);
  const deps = await loadDependencies();
  const redis = await openRedis(deps, endpoint);
  return new Cluster(deps, endpoint, redis);
}
