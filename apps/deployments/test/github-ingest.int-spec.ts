import { WebhookDelivery } from '@companyos/platform';
import { createTestApp, createTestDatabase, dropTestDatabase, githubExample, testPlatformConfig } from '@companyos/testing';
import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DeploymentsAppModule } from '../src/deployments.app.module';
import { GithubDeploymentsIngest } from '../src/github/github-deployments.ingest';

// GitHub's published webhook examples (npm @octokit/webhooks-examples) applied
// by the deployments worker's service on real PostgreSQL, in and out of order.
describe('GithubDeploymentsIngest (real PostgreSQL, GitHub’s published examples)', () => {
  let url: string;
  let app: INestApplication;
  let ingest: GithubDeploymentsIngest;
  let db: DataSource;

  beforeAll(async () => {
    url = await createTestDatabase();
    // The published workflow_run examples are of a workflow named "test". (The app's own settings are read from process.env.)
    process.env.DEPLOY_WORKFLOW_PATTERN = '^test$|deploy';
    app = await createTestApp(DeploymentsAppModule.forRoot(testPlatformConfig('deployments', { PORT: '4002', DATABASE_URL: url, ROLE: 'all' })));
    ingest = app.get(GithubDeploymentsIngest);
    db = app.get(DataSource);
  });

  afterAll(async () => {
    delete process.env.DEPLOY_WORKFLOW_PATTERN;
    await app?.close();
    if (url) await dropTestDatabase(url);
  });

  let nextId = 1_000_000;
  /** A published example made unique (its own deployment or run id), then edited. */
  function example(event: string, action: string, edit: (p: Record<string, any>) => void = () => {}) {
    const payload = githubExample(event, action);
    edit(payload);
    return payload;
  }
  const deliver = (event: string, payload: Record<string, any>, deliveryId: string = randomUUID()) =>
    ingest.apply({ deliveryId, source: 'github', event, receivedAt: new Date().toISOString(), payload } as WebhookDelivery);
  const byKey = async (key: string) => (await db.query(`SELECT * FROM deployments.deployments WHERE external_key = $1`, [key])) as Record<string, any>[];

  it('makes a PENDING deployment of the repository from `deployment`, then SUCCEEDED from `deployment_status` success', async () => {
    const id = nextId++;
    await deliver('deployment', example('deployment', 'created', (p) => (p.deployment.id = id)));
    expect(await byKey(`github-deployment:${id}`)).toMatchObject([
      { service_name: 'Codertocat/Hello-World', version: 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e', environment: 'PRODUCTION', status: 'PENDING', source: 'GITHUB', deployed_by: 'Codertocat', github_environment: 'production' },
    ]);
    await deliver('deployment_status', example('deployment_status', 'created', (p) => (p.deployment.id = id)));
    const [row] = await byKey(`github-deployment:${id}`);
    expect(row).toMatchObject({ status: 'SUCCEEDED', github_state: 'success', finished_at: new Date('2019-05-15T15:20:55Z') });
  });

  it('ends SUCCEEDED when the status arrives before its deployment', async () => {
    const id = nextId++;
    await deliver('deployment_status', example('deployment_status', 'created', (p) => (p.deployment.id = id)));
    await deliver('deployment', example('deployment', 'created', (p) => (p.deployment.id = id)));
    expect(await byKey(`github-deployment:${id}`)).toMatchObject([{ status: 'SUCCEEDED', github_state: 'success' }]);
  });

  it('ends SUCCEEDED when a run’s `completed` overtakes its `requested`, with the commit time for lead time', async () => {
    const runId = nextId++;
    const completed = example('workflow_run', 'requested', (p) => {
      p.workflow_run.id = runId;
      p.action = 'completed';
      p.workflow_run.status = 'completed';
      p.workflow_run.conclusion = 'success';
      p.workflow_run.updated_at = '2020-10-05T16:40:00Z';
    });
    await deliver('workflow_run', completed);
    await deliver('workflow_run', example('workflow_run', 'requested', (p) => (p.workflow_run.id = runId)));
    const [row] = await byKey(`github-run:${runId}`);
    expect(row).toMatchObject({ status: 'SUCCEEDED', github_state: 'success', service_name: 'octo-org/octo-repo', commit_at: new Date('2020-10-05T16:32:07Z'), finished_at: new Date('2020-10-05T16:40:00Z') });
    expect(row.github_run_url).toBe(`https://github.com/octo-org/octo-repo/actions/runs/289782451`);
  });

  it('applies a delivery once: a redelivery of an older status does not undo a newer one', async () => {
    const id = nextId++;
    const pendingId = randomUUID();
    const pending = example('deployment_status', 'created', (p) => {
      p.deployment.id = id;
      p.deployment_status.state = 'in_progress';
      p.deployment_status.created_at = '2019-05-15T15:20:54Z';
    });
    await deliver('deployment_status', pending, pendingId);
    await deliver('deployment_status', example('deployment_status', 'created', (p) => (p.deployment.id = id)));
    await deliver('deployment_status', pending, pendingId);
    expect(await byKey(`github-deployment:${id}`)).toMatchObject([{ status: 'SUCCEEDED' }]);
    expect(await db.query(`SELECT count(*)::int AS n FROM deployments.processed_messages WHERE message_id = $1`, [`github:${pendingId}`])).toEqual([{ n: 1 }]);
  });

  it('drops a run whose jobs were all skipped, and a late `requested` does not bring it back', async () => {
    const runId = nextId++;
    await deliver('workflow_run', example('workflow_run', 'requested', (p) => (p.workflow_run.id = runId)));
    expect(await byKey(`github-run:${runId}`)).toHaveLength(1);
    const skipped = example('workflow_run', 'requested', (p) => {
      p.workflow_run.id = runId;
      p.action = 'completed';
      p.workflow_run.conclusion = 'skipped';
      p.workflow_run.updated_at = '2020-10-05T16:40:00Z';
    });
    await deliver('workflow_run', skipped);
    await deliver('workflow_run', example('workflow_run', 'requested', (p) => (p.workflow_run.id = runId)));
    expect(await byKey(`github-run:${runId}`)).toHaveLength(0);
  });

  it('keeps a run that deployed when a later re-run skips everything', async () => {
    const runId = nextId++;
    const completed = (conclusion: string, updatedAt: string) =>
      example('workflow_run', 'requested', (p) => {
        p.workflow_run.id = runId;
        p.action = 'completed';
        p.workflow_run.conclusion = conclusion;
        p.workflow_run.updated_at = updatedAt;
      });
    await deliver('workflow_run', completed('success', '2020-10-05T16:40:00Z'));
    await deliver('workflow_run', completed('skipped', '2020-10-06T09:00:00Z'));
    expect(await byKey(`github-run:${runId}`)).toMatchObject([{ status: 'SUCCEEDED' }]);
  });

  it('ignores workflows that are not deploys, and inactive statuses', async () => {
    const runId = nextId++;
    await deliver('workflow_run', example('workflow_run', 'requested', (p) => {
      p.workflow_run.id = runId;
      p.workflow_run.name = 'CI';
    }));
    expect(await byKey(`github-run:${runId}`)).toHaveLength(0);
    const id = nextId++;
    await deliver('deployment', example('deployment', 'created', (p) => (p.deployment.id = id)));
    await deliver('deployment_status', example('deployment_status', 'created', (p) => {
      p.deployment.id = id;
      p.deployment_status.state = 'inactive';
    }));
    expect(await byKey(`github-deployment:${id}`)).toMatchObject([{ status: 'PENDING' }]);
  });

  it('keeps one record under twenty concurrent deliveries of one deployment in any order', async () => {
    const id = nextId++;
    const states = ['queued', 'in_progress', 'success', 'queued', 'in_progress'];
    await Promise.all([
      deliver('deployment', example('deployment', 'created', (p) => (p.deployment.id = id))),
      ...Array.from({ length: 19 }, (_, i) =>
        deliver('deployment_status', example('deployment_status', 'created', (p) => {
          p.deployment.id = id;
          p.deployment_status.state = states[i % states.length];
          p.deployment_status.created_at = `2019-05-15T15:21:${String(10 + i).padStart(2, '0')}Z`;
        })),
      ),
    ]);
    expect(await byKey(`github-deployment:${id}`)).toMatchObject([{ status: 'SUCCEEDED' }]);
  });
});
