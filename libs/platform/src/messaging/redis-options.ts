import type { RedisOptions } from 'ioredis';

/**
 * ioredis options from a `redis://` URL. Producers fail fast while Redis is
 * away (the caller keeps the message durably and retries); workers wait and
 * reconnect, as BullMQ requires (`maxRetriesPerRequest: null`).
 */
export function redisOptions(redisUrl: string, use: 'producer' | 'worker' | 'client'): RedisOptions {
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
  // The app's own client (rate limits, revocation counters, health) sits on request paths: a Redis that
  // accepts the connection but stops answering fails each command after 1 s instead of holding the request.
  // Commands of concurrent requests issued in the same tick go out in one write (a socket write is most of
  // what a Redis call costs the gateway).
  if (use === 'client') return { ...base, maxRetriesPerRequest: 1, enableOfflineQueue: false, commandTimeout: 1_000, enableAutoPipelining: true };
  return { ...base, maxRetriesPerRequest: 1, enableOfflineQueue: false };
}
