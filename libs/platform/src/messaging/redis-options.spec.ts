import { Cluster } from 'ioredis';
import { createRedisClient, queueKeyPrefix, redisClusterOptions } from './redis-options';

describe('Redis connections', () => {
  it('gives cluster nodes the credentials and TLS of REDIS_URL, with each use behaving as on one Redis', () => {
    const worker = redisClusterOptions('rediss://app:s%40cret@ignored:6380/0', 'worker');
    expect(worker.redisOptions).toMatchObject({ username: 'app', password: 's@cret', tls: {}, maxRetriesPerRequest: null });
    expect(worker.redisOptions).not.toHaveProperty('host');
    expect(worker.enableOfflineQueue).toBe(true);

    const client = redisClusterOptions('redis://127.0.0.1:6379', 'client');
    expect(client).toMatchObject({ enableOfflineQueue: false, enableAutoPipelining: true, redisOptions: { maxRetriesPerRequest: 1, commandTimeout: 1_000 } });
    expect(redisClusterOptions('redis://127.0.0.1:6379', 'producer')).toMatchObject({ enableOfflineQueue: false, redisOptions: { maxRetriesPerRequest: 1 } });
  });

  it('opens a cluster client when REDIS_CLUSTER_NODES is set', () => {
    const client = createRedisClient({ redisUrl: 'redis://127.0.0.1:6379', redisClusterNodes: [{ host: '127.0.0.1', port: 1 }] }, 'client');
    try {
      expect(client).toBeInstanceOf(Cluster);
    } finally {
      client.disconnect();
    }
  });

  it('tags every key of a queue with the queue, so they share one cluster slot', () => {
    expect(queueKeyPrefix('companyos', 'alerts.alertmanager')).toBe('companyos:{alerts.alertmanager}');
  });
});
