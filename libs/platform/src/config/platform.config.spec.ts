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
    expect(config.database).toEqual({ statementTimeoutMs: 0, idleInTransactionTimeoutMs: 1000 });
    expect(() => loadPlatformConfig('incidents', 4001, { JOB_TIMEOUT_MS: '0' })).toThrow(/JOB_TIMEOUT_MS/);
  });
});
