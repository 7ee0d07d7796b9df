import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { AppProcess } from './app-process';
import { createTestDatabase, dropTestDatabase } from './database';
import { freePort } from './ports';

export const TEST_GITHUB_SECRET = 'e2e-github-secret';
export const TEST_ALERTMANAGER_TOKEN = 'e2e-alertmanager-token';

export interface StackOptions {
  redisUrl?: string;
  gatewayEnv?: Record<string, string>;
  incidentsEnv?: Record<string, string>;
  deploymentsEnv?: Record<string, string>;
  alertsEnv?: Record<string, string>;
}

/**
 * The platform as it runs: the built gateway and domain apps as separate
 * processes on spare ports, with their own database and queue prefix.
 */
export class Stack {
  private constructor(
    readonly dbUrl: string,
    readonly db: Client,
    readonly gateway: AppProcess,
    public incidents: AppProcess,
    readonly deployments: AppProcess,
    readonly alerts: AppProcess,
    readonly queuePrefix: string,
  ) {}

  static async start(options: StackOptions = {}): Promise<Stack> {
    const dbUrl = await createTestDatabase();
    const queuePrefix = `e2e-${randomBytes(4).toString('hex')}`;
    const shared = {
      DATABASE_URL: dbUrl,
      REDIS_URL: options.redisUrl ?? process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
      QUEUE_PREFIX: queuePrefix,
      RELAY_INTERVAL_MS: '300',
    };
    const alertsPort = await freePort();
    const alertsUrl = `http://127.0.0.1:${alertsPort}`;
    const [incidents, deployments, alerts] = await Promise.all([
      new AppProcess('incidents', await freePort(), { ...shared, ROLE: 'all', ...options.incidentsEnv }).start(),
      // The release gate reads error budgets from the alerts subgraph.
      new AppProcess('deployments', await freePort(), {
        ...shared,
        ROLE: 'all',
        ALERTS_SUBGRAPH_URL: `${alertsUrl}/graphql`,
        ...options.deploymentsEnv,
      }).start(),
      new AppProcess('alerts', alertsPort, { ...shared, ROLE: 'all', ...options.alertsEnv }).start(),
    ]);
    const gateway = await new AppProcess('gateway', await freePort(), {
      ...shared,
      GITHUB_WEBHOOK_SECRET: TEST_GITHUB_SECRET,
      ALERTMANAGER_WEBHOOK_TOKEN: TEST_ALERTMANAGER_TOKEN,
      SUBGRAPH_INCIDENTS_URL: `${incidents.url}/graphql`,
      SUBGRAPH_DEPLOYMENTS_URL: `${deployments.url}/graphql`,
      SUBGRAPH_ALERTS_URL: `${alerts.url}/graphql`,
      // Tests poll the graph from one IP; a test of the rate limit sets its own.
      RATE_LIMIT_MAX: '100000',
      ...options.gatewayEnv,
    }).start();
    const db = new Client({ connectionString: dbUrl });
    await db.connect();
    return new Stack(dbUrl, db, gateway, incidents, deployments, alerts, queuePrefix);
  }

  /** Replaces the incidents process (after a crash) with a fresh one of the same settings. */
  async restartIncidents(): Promise<void> {
    await this.incidents.stop('SIGKILL');
    this.incidents = await this.incidents.restarted();
  }

  async graphql<T = any>(query: string, variables: Record<string, unknown> = {}): Promise<{ data?: T; errors?: any[] }> {
    const response = await fetch(`${this.gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    return response.json() as Promise<{ data?: T; errors?: any[] }>;
  }

  async count(sql: string, params: unknown[] = []): Promise<number> {
    const { rows } = await this.db.query(`SELECT count(*)::int AS n FROM (${sql}) AS counted`, params);
    return rows[0].n;
  }

  async stop(): Promise<void> {
    await Promise.allSettled([this.gateway.stop(), this.incidents.stop(), this.deployments.stop(), this.alerts.stop()]);
    await this.db.end().catch(() => undefined);
    await dropTestDatabase(this.dbUrl);
  }
}
