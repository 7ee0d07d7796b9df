import { loadPlatformConfig } from './platform.config';

describe('loadPlatformConfig', () => {
  const production = { NODE_ENV: 'production', SUBGRAPH_SECRET: 'a-real-secret-of-at-least-32-characters!' };

  it.each([
    ['GITHUB_WEBHOOK_SECRET', 'dev-github-secret'],
    ['ALERTMANAGER_WEBHOOK_TOKEN', 'dev-alertmanager-token'],
    ['SUBGRAPH_SECRET', 'dev-subgraph-secret-not-for-production'],
    ['DATABASE_URL', 'postgres://postgres:companyos@postgres:5432/companyos'],
  ])('refuses to start in production with the development default of %s, naming it', (name, value) => {
    expect(() => loadPlatformConfig('gateway', 4000, { ...production, [name]: value })).toThrow(
      new RegExp(`Invalid configuration:\\n  ${name}: .*(development|docker-compose)`),
    );
  });

  it('names every development secret at once', () => {
    const env = { ...production, GITHUB_WEBHOOK_SECRET: 'dev-github-secret', ALERTMANAGER_WEBHOOK_TOKEN: 'dev-alertmanager-token' };
    expect(() => loadPlatformConfig('gateway', 4000, env)).toThrow(/GITHUB_WEBHOOK_SECRET[\s\S]*ALERTMANAGER_WEBHOOK_TOKEN/);
  });

  it('accepts them outside production (npm start, docker compose) and real secrets in production', () => {
    const dev = { GITHUB_WEBHOOK_SECRET: 'dev-github-secret', SUBGRAPH_SECRET: 'dev-subgraph-secret-not-for-production' };
    expect(loadPlatformConfig('gateway', 4000, { ...dev, NODE_ENV: 'development' }).env).toBe('development');
    const real = loadPlatformConfig('gateway', 4000, { ...production, GITHUB_WEBHOOK_SECRET: 'x7-real', DATABASE_URL: 'postgres://app:s3cret@db:5432/companyos' });
    expect(real.subgraphSecret).toBe(production.SUBGRAPH_SECRET);
  });

  it('reads the timeouts, 0 meaning none for the database', () => {
    const config = loadPlatformConfig('incidents', 4001, { JOB_TIMEOUT_MS: '5000', DATABASE_STATEMENT_TIMEOUT_MS: '0', DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: '1000' });
    expect(config.worker.jobTimeoutMs).toBe(5000);
    expect(config.database).toEqual({ statementTimeoutMs: 0, idleInTransactionTimeoutMs: 1000, poolSize: 20 });
    expect(loadPlatformConfig('incidents', 4001, { DATABASE_POOL_SIZE: '5' }).database.poolSize).toBe(5);
    expect(() => loadPlatformConfig('incidents', 4001, { DATABASE_POOL_SIZE: '0' })).toThrow(/DATABASE_POOL_SIZE/);
    expect(() => loadPlatformConfig('incidents', 4001, { JOB_TIMEOUT_MS: '0' })).toThrow(/JOB_TIMEOUT_MS/);
  });
});

describe('REDIS_CLUSTER_NODES', () => {
  it('is off by default: one Redis at REDIS_URL', () => {
    expect(loadPlatformConfig('alerts', 4003, {}).redisClusterNodes).toBeNull();
  });

  it('reads host:port seed nodes, spaces and IPv6 brackets allowed', () => {
    const config = loadPlatformConfig('alerts', 4003, { REDIS_CLUSTER_NODES: 'redis-0.redis:6379, 10.0.0.7:7001,[::1]:7002' });
    expect(config.redisClusterNodes).toEqual([
      { host: 'redis-0.redis', port: 6379 },
      { host: '10.0.0.7', port: 7001 },
      { host: '::1', port: 7002 },
    ]);
  });

  it.each([
    ['redis-0', /REDIS_CLUSTER_NODES: "redis-0" is not host:port/],
    ['a:1,b:99999', /REDIS_CLUSTER_NODES: "b:99999" is not host:port/],
    [' , ', /REDIS_CLUSTER_NODES: must list at least one host:port/],
    [Array.from({ length: 65 }, (_, i) => `n${i}:7000`).join(','), /REDIS_CLUSTER_NODES: lists 65 nodes; at most 64/],
  ])('refuses %j, naming the variable', (value, message) => {
    expect(() => loadPlatformConfig('alerts', 4003, { REDIS_CLUSTER_NODES: value })).toThrow(message);
  });

  it('refuses a database number in REDIS_URL with a cluster (a cluster has only database 0)', () => {
    expect(() => loadPlatformConfig('alerts', 4003, { REDIS_CLUSTER_NODES: 'r:7000', REDIS_URL: 'redis://r:7000/2' })).toThrow(/REDIS_URL: a Redis Cluster has only database 0/);
    expect(loadPlatformConfig('alerts', 4003, { REDIS_CLUSTER_NODES: 'r:7000', REDIS_URL: 'redis://:secret@r:7000' }).redisClusterNodes).toHaveLength(1);
  });
});
