import { PrivateRedisCluster, testPlatformConfig, waitFor } from '@companyos/testing';
import { Job, Worker } from 'bullmq';
import { Cluster } from 'ioredis';
import type { PlatformConfig } from '../config/platform.config';
import { QueueRegistry } from './queue-registry';
import { Queues } from './queues';
import { bullConnection, closeBullConnection, createRedisClient, queueKeyPrefix } from './redis-options';

// The platform's Redis connections on a real Redis Cluster (three local
// `redis-server --cluster-enabled yes` masters): with REDIS_CLUSTER_NODES set,
// producers and workers move jobs through BullMQ's multi-key scripts (one slot
// per queue thanks to the hash tag), and the app's own client runs its
// commands and a multi-key Lua script with keys sharing a tag.
describe('Redis Cluster (REDIS_CLUSTER_NODES)', () => {
  let cluster: PrivateRedisCluster;
  let config: PlatformConfig;

  beforeAll(async () => {
    cluster = await PrivateRedisCluster.start();
    config = testPlatformConfig('cluster-test', {
      PORT: '4999',
      REDIS_CLUSTER_NODES: cluster.nodes,
      // A queue's first job waits for its producer to learn the slot map and load BullMQ's scripts.
      ENQUEUE_TIMEOUT_MS: '15000',
    });
  }, 60_000);

  afterAll(() => cluster?.stop());

  it('enqueues and consumes jobs of every queue, each queue on one node and the queues spread over several', async () => {
    const registry = new QueueRegistry(config);
    const queues = Object.values(Queues);
    const seen = new Map<string, Set<string>>();
    const workers = queues.map(
      (queue) =>
        new Worker(
          queue,
          async (job: Job) => {
            seen.set(queue, new Set([...(seen.get(queue) ?? []), job.id!]));
          },
          { connection: bullConnection(config, 'worker'), prefix: queueKeyPrefix(config.queuePrefix, queue), concurrency: 4 },
        ),
    );
    try {
      for (const queue of queues) {
        await registry.enqueue(
          queue,
          Array.from({ length: 5 }, (_, i) => ({ name: 'test', data: { i }, opts: { jobId: `${queue}-${i}` } })),
        );
        // The same job ids again: BullMQ keeps one job per id, on the cluster too.
        await registry.enqueue(queue, [{ name: 'test', data: { i: 0 }, opts: { jobId: `${queue}-0` } }]);
      }
      await waitFor('every job consumed', async () => queues.every((queue) => seen.get(queue)?.size === 5), 30_000);

      const byNode = await cluster.keysByNode(`${config.queuePrefix}:*`);
      const nodesOf = new Map<string, Set<number>>();
      for (const [port, keys] of byNode) {
        for (const key of keys) {
          const queue = /^[^:]+:\{([^}]+)\}:/.exec(key)?.[1];
          if (queue) nodesOf.set(queue, new Set([...(nodesOf.get(queue) ?? []), port]));
        }
      }
      for (const queue of queues) expect({ queue, nodes: nodesOf.get(queue)?.size }).toEqual({ queue, nodes: 1 });
      expect(new Set([...nodesOf.values()].flatMap((ports) => [...ports])).size).toBeGreaterThan(1);
    } finally {
      await Promise.allSettled(workers.map((worker) => worker.close().finally(() => closeBullConnection(worker.opts.connection))));
      await registry.onApplicationShutdown();
    }
  });

  it("gives the app's own client the cluster: single-key commands and a multi-key script over one hash tag", async () => {
    const client = createRedisClient(config, 'client');
    expect(client).toBeInstanceOf(Cluster);
    try {
      await waitFor('the cluster client ready', async () => client.status === 'ready', 10_000);
      const nonce = `${config.queuePrefix}:signature-nonce:test:${Date.now()}`;
      expect(await client.set(nonce, '1', 'PX', 60_000, 'NX')).toBe('OK');
      expect(await client.set(nonce, '1', 'PX', 60_000, 'NX')).toBeNull();
      // Keys sharing the {counters} tag may go to one script, as the gateway's rate limits do.
      const keys = [`${config.queuePrefix}:{counters}:a`, `${config.queuePrefix}:{counters}:b`];
      const script = `redis.call('INCR', KEYS[1]); redis.call('INCRBY', KEYS[2], 2); return {redis.call('GET', KEYS[1]), redis.call('GET', KEYS[2])}`;
      expect(await client.eval(script, 2, ...keys)).toEqual(['1', '2']);
      // Keys in different slots may not: the cluster refuses, so the tag is what makes the script work.
      await expect(client.eval(script, 2, `${config.queuePrefix}:a`, `${config.queuePrefix}:b`)).rejects.toThrow(/CROSSSLOT|slot/i);
    } finally {
      client.disconnect();
    }
  });
});
