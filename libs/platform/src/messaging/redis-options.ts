import type { ConnectionOptions } from 'bullmq';
import IORedis, { Cluster, ClusterOptions, RedisOptions } from 'ioredis';
import type { PlatformConfig } from '../config/platform.config';

/** What the app talks to Redis with: one server, or a Redis Cluster (REDIS_CLUSTER_NODES). */
export type RedisClient = IORedis | Cluster;

type Use = 'producer' | 'worker' | 'client' | 'subscriber';

/**
 * ioredis options from a `redis://` URL. Producers fail fast while Redis is
 * away (the caller keeps the message durably and retries); workers wait and
 * reconnect, as BullMQ requires (`maxRetriesPerRequest: null`).
 */
export function redisOptions(redisUrl: string, use: Use): RedisOptions {
  const url = new URL(redisUrl);
  const base: RedisOptions = {
    host: url.hostname,
    port: Number(url.port || 6379),
    username: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0,
    tls: url.protocol === 'rediss:' ? {} : undefined,
    connectTimeout: 5_000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  };
  if (use === 'worker') return { ...base, maxRetriesPerRequest: null };
  // The app's own client (rate limits, nonces, health) sits on request paths: a Redis that
  // accepts the connection but stops answering fails each command after 1 s instead of holding the request.
  // Commands of concurrent requests issued in the same tick go out in one write (a socket write is most of
  // what a Redis call costs the gateway).
  if (use === 'client') return { ...base, maxRetriesPerRequest: 1, enableOfflineQueue: false, commandTimeout: 1_000, enableAutoPipelining: true };
  // A pub/sub connection: its owner subscribes again on every connect (and knows it missed messages meanwhile).
  if (use === 'subscriber') return { ...base, maxRetriesPerRequest: 1, enableOfflineQueue: false, autoResubscribe: false };
  return { ...base, maxRetriesPerRequest: 1, enableOfflineQueue: false };
}

/**
 * Cluster client options with the same behaviour per use as `redisOptions`:
 * every node shares REDIS_URL's credentials and TLS; the client follows
 * MOVED/ASK redirections and re-reads the slot map when a node fails over.
 */
export function redisClusterOptions(redisUrl: string, use: Use): ClusterOptions {
  const { host: _host, port: _port, db: _db, retryStrategy: _retry, enableOfflineQueue, enableAutoPipelining, ...perNode } = redisOptions(redisUrl, use);
  return {
    redisOptions: perNode,
    clusterRetryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    enableOfflineQueue: enableOfflineQueue ?? true,
    enableAutoPipelining: enableAutoPipelining ?? false,
    slotsRefreshTimeout: 2_000,
  };
}

/** A new Redis connection of the app: a cluster client when REDIS_CLUSTER_NODES is set, otherwise one to REDIS_URL. */
export function createRedisClient(config: Pick<PlatformConfig, 'redisUrl' | 'redisClusterNodes'>, use: Use): RedisClient {
  return config.redisClusterNodes
    ? new Cluster(config.redisClusterNodes, redisClusterOptions(config.redisUrl, use))
    : new IORedis(redisOptions(config.redisUrl, use));
}

/**
 * The `connection` of a BullMQ queue or worker. For one Redis: options, and
 * BullMQ opens and closes its own connections. For a Redis Cluster BullMQ
 * needs a cluster client: it is created here and its owner closes it with
 * `closeBullConnection` after the queue or worker.
 */
export function bullConnection(config: Pick<PlatformConfig, 'redisUrl' | 'redisClusterNodes'>, use: 'producer' | 'worker'): ConnectionOptions {
  return config.redisClusterNodes ? createRedisClient(config, use) : redisOptions(config.redisUrl, use);
}

/** Disconnects a connection `bullConnection` created (nothing to do for plain options: BullMQ closed its own). */
export function closeBullConnection(connection: ConnectionOptions): void {
  if (connection instanceof Cluster || connection instanceof IORedis) connection.disconnect();
}

/**
 * The BullMQ key prefix of one queue: `<QUEUE_PREFIX>:{<queue>}`. The hash tag
 * (`{…}`) puts every key of a queue in one Redis Cluster slot, as BullMQ's Lua
 * scripts need (they touch several keys of a queue at once), while different
 * queues may live on different shards. The same layout on a single Redis, so
 * moving to a cluster changes nothing but the connection.
 */
export function queueKeyPrefix(queuePrefix: string, queueName: string): string {
  return `${queuePrefix}:{${queueName}}`;
}
