import type { AccessRole } from '@companyos/contracts';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { AppProcess, distScript } from './app-process';
import { createTestDatabase, dropTestDatabase } from './database';
import { freePort } from './ports';
import { testEnv } from './test-env';

export const TEST_GITHUB_SECRET = 'e2e-github-secret';
export const TEST_ALERTMANAGER_TOKEN = 'e2e-alertmanager-token';

export interface StackOptions {
  redisUrl?: string;
  /** REDIS_CLUSTER_NODES of every app (e.g. PrivateRedisCluster's `nodes`): the whole stack on a Redis Cluster. */
  redisClusterNodes?: string;
  gatewayEnv?: Record<string, string>;
  incidentsEnv?: Record<string, string>;
  deploymentsEnv?: Record<string, string>;
  alertsEnv?: Record<string, string>;
  runbooksEnv?: Record<string, string>;
  accessEnv?: Record<string, string>;
  buildsEnv?: Record<string, string>;
  knowledgeEnv?: Record<string, string>;
}

const run = promisify(execFile);

/** Waits for every app to start; if one does not, stops those that did (and drops the database) before failing. */
/** Mints an API token with the access app's CLI (`npm run token:create`), as an operator would for the first admin. */
export async function createApiTokenWithCli(dbUrl: string, name: string, role: AccessRole, extraArgs: string[] = []): Promise<string> {
  const { stdout } = await run(process.execPath, [distScript('access', 'create-api-token.js'), '--name', name, '--role', role, ...extraArgs], {
    env: { ...process.env, DATABASE_URL: dbUrl, LOG_LEVEL: 'warn' },
  });
  return stdout.trim();
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
    public deployments: AppProcess,
    readonly alerts: AppProcess,
    readonly runbooks: AppProcess,
    public knowledge: AppProcess,
    public access: AppProcess,
    readonly builds: AppProcess,
    readonly queuePrefix: string,
    /** An admin API token (minted with the CLI at start); `graphql` and `api` send it. */
    readonly adminToken: string,
  ) {}

  /** Extra processes started with `startReplica`, stopped with the stack. */
  readonly replicas: AppProcess[] = [];

  /**
   * Another process of a running app on its own port, with the same settings
   * plus `env` (e.g. `{ ROLE: 'worker' }`): a replica sharing the database,
   * the queues and, for a gateway, the subgraphs.
   */
  async startReplica(app: 'gateway' | 'incidents' | 'deployments' | 'alerts' | 'runbooks' | 'knowledge' | 'access' | 'builds', env: Record<string, string> = {}): Promise<AppProcess> {
    const replica = await this[app].sibling(await freePort(), env).start();
    this.replicas.push(replica);
    return replica;
  }

  static async start(options: StackOptions = {}): Promise<Stack> {
    const dbUrl = await createTestDatabase();
    const queuePrefix = `e2e-${randomBytes(4).toString('hex')}`;
    const shared = {
      DATABASE_URL: dbUrl,
      REDIS_URL: options.redisUrl ?? testEnv.redisUrl,
      QUEUE_PREFIX: queuePrefix,
      RELAY_INTERVAL_MS: '300',
      ...(options.redisClusterNodes ? { REDIS_CLUSTER_NODES: options.redisClusterNodes } : {}),
    };
    const alertsPort = await freePort();
    const alertsUrl = `http://127.0.0.1:${alertsPort}`;
    const buildsPort = await freePort();
    const started: AppProcess[] = [];
    const launch = async (app: AppProcess) => started[started.push(app) - 1].start();
    let apps: AppProcess[];
    try {
      apps = await Promise.all([
        launch(new AppProcess('incidents', await freePort(), { ...shared, ROLE: 'all', ...options.incidentsEnv })),
        // The release gate reads error budgets from the alerts subgraph.
        launch(
          new AppProcess('deployments', await freePort(), {
            ...shared,
            ROLE: 'all',
            ALERTS_SUBGRAPH_URL: `${alertsUrl}/graphql`,
            // … and the failing and flaky tests of the commit released from the builds subgraph.
            BUILDS_SUBGRAPH_URL: `http://127.0.0.1:${buildsPort}/graphql`,
            ...options.deploymentsEnv,
          }),
        ),
        launch(new AppProcess('alerts', alertsPort, { ...shared, ROLE: 'all', ...options.alertsEnv })),
        // The catalog starts empty (no boot sync); a test syncs what it needs.
        launch(new AppProcess('runbooks', await freePort(), { ...shared, ROLE: 'all', ...options.runbooksEnv })),
        launch(new AppProcess('knowledge', await freePort(), { ...shared, ROLE: 'all', ...options.knowledgeEnv })),
        launch(new AppProcess('access', await freePort(), { ...shared, ROLE: 'all', ...options.accessEnv })),
        launch(new AppProcess('builds', buildsPort, { ...shared, ROLE: 'all', ...options.buildsEnv })),
      ]);
    } catch (error) {
      // One app did not come up: stop the others (and drop the database) rather than leave them running.
      await Promise.allSettled(started.map((app) => app.stop('SIGKILL')));
      await dropTestDatabase(dbUrl).catch(() => undefined);
      throw error;
    }
    const [incidents, deployments, alerts, runbooks, knowledge, access, builds] = apps;
    let gateway: AppProcess;
    try {
      gateway = await new AppProcess('gateway', await freePort(), {
        ...shared,
        GITHUB_WEBHOOK_SECRET: TEST_GITHUB_SECRET,
        ALERTMANAGER_WEBHOOK_TOKEN: TEST_ALERTMANAGER_TOKEN,
        SUBGRAPH_INCIDENTS_URL: `${incidents.url}/graphql`,
        SUBGRAPH_DEPLOYMENTS_URL: `${deployments.url}/graphql`,
        SUBGRAPH_ALERTS_URL: `${alerts.url}/graphql`,
        SUBGRAPH_RUNBOOKS_URL: `${runbooks.url}/graphql`,
        SUBGRAPH_ACCESS_URL: `${access.url}/graphql`,
        SUBGRAPH_BUILDS_URL: `${builds.url}/graphql`,
        SUBGRAPH_KNOWLEDGE_URL: `${knowledge.url}/graphql`,
        // Tests poll the graph from one IP; a test of the rate limit sets its own.
        RATE_LIMIT_MAX: '100000',
        ...options.gatewayEnv,
      }).start();
    } catch (error) {
      await Promise.allSettled(apps.map((app) => app.stop('SIGKILL')));
      await dropTestDatabase(dbUrl).catch(() => undefined);
      throw error;
    }
    const db = new Client({ connectionString: dbUrl });
    await db.connect();
    const adminToken = await createApiTokenWithCli(dbUrl, 'e2e-admin', 'admin');
    return new Stack(dbUrl, db, gateway, incidents, deployments, alerts, runbooks, knowledge, access, builds, queuePrefix, adminToken);
  }

  /** Replaces the incidents process (after a crash) with a fresh one of the same settings. */
  async restartIncidents(): Promise<void> {
    await this.incidents.stop('SIGKILL');
    this.incidents = await this.incidents.restarted();
  }

  /** Stops the consuming apps named, runs `whileStopped`, then starts fresh processes of them (same ports and settings). */
  async withStopped(apps: ('incidents' | 'deployments' | 'access' | 'knowledge')[], whileStopped: () => Promise<void>): Promise<void> {
    await Promise.all(apps.map((app) => this[app].stop()));
    try {
      await whileStopped();
    } finally {
      const started = await Promise.all(apps.map((app) => this[app].restarted()));
      apps.forEach((app, i) => (this[app] = started[i]));
    }
  }

  /** A GraphQL operation through the gateway, as the stack's admin unless another token is given. */
  async graphql<T = any>(query: string, variables: Record<string, unknown> = {}, token = this.adminToken): Promise<{ data?: T; errors?: any[] }> {
    const response = await this.api('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) }, token);
    return response.json() as Promise<{ data?: T; errors?: any[] }>;
  }

  /** A request to the gateway with `Authorization: Bearer <token>` (the stack's admin unless given; null sends none). */
  api(path: string, init: RequestInit = {}, token: string | null = this.adminToken): Promise<Response> {
    const headers = new Headers(init.headers);
    if (token !== null) headers.set('authorization', `Bearer ${token}`);
    return fetch(`${this.gateway.url}${path}`, { ...init, headers });
  }

  /** An API token of `role`, created through the graph by the stack's admin. */
  async tokenFor(role: AccessRole, name = `e2e-${role}`): Promise<{ id: string; token: string }> {
    const { data, errors } = await this.graphql(
      `mutation ($input: CreateApiTokenInput!) { createApiToken(input: $input) { token apiToken { id } } }`,
      { input: { name, role: role.toUpperCase() } },
    );
    if (!data?.createApiToken) throw new Error(`createApiToken failed: ${JSON.stringify(errors)}`);
    return { id: data.createApiToken.apiToken.id, token: data.createApiToken.token };
  }

  async count(sql: string, params: unknown[] = []): Promise<number> {
    const { rows } = await this.db.query(`SELECT count(*)::int AS n FROM (${sql}) AS counted`, params);
    return rows[0].n;
  }

  /** What every process of the stack (replicas too) last logged, each line prefixed by its app and port: for a failure's message. */
  recentLogs(lines = 20): string {
    const processes = [this.gateway, this.incidents, this.deployments, this.alerts, this.runbooks, this.knowledge, this.access, this.builds, ...this.replicas];
    return processes
      .filter((app) => app.log.length)
      .flatMap((app) => app.log.slice(-lines).map((line) => `[${app.name}:${app.port}] ${line}`))
      .join('\n');
  }

  async stop(): Promise<void> {
    await Promise.allSettled(this.replicas.map((replica) => replica.stop()));
    await Promise.allSettled([this.gateway.stop(), this.incidents.stop(), this.deployments.stop(), this.alerts.stop(), this.runbooks.stop(), this.knowledge.stop(), this.access.stop(), this.builds.stop()]);
    await this.db.end().catch(() => undefined);
    await dropTestDatabase(this.dbUrl);
  }
}
