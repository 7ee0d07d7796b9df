import { WebhookDelivery } from '@companyos/platform';
import { createTestApp, createTestDatabase, dropTestDatabase, githubExample, testPlatformConfig } from '@companyos/testing';
import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DeploymentsAppModule } from '../src/deployments.app.module';
import { CreateDeploymentInput } from '../src/deployments/dto/create-deployment.input';
import { DeploymentsService } from '../src/deployments/deployments.service';
import { GithubDeploymentsIngest } from '../src/github/github-deployments.ingest';

// GitHub's published webhook examples (npm @octokit/webhooks-examples) applied
// by the deployments worker's service on real PostgreSQL, in and out of order.
describe('GithubDeploymentsIngest (real PostgreSQL, GitHub’s published examples)', () => {
  let url: string;
  let app: INestApplication;
  let ingest: GithubDeploymentsIngest;
  let deployments: DeploymentsService;
  let db: DataSource;

  beforeAll(async () => {
    url = await createTestDatabase();
    // The published workflow_run examples are of a workflow named "test". (The app's own settings are read from process.env.)
    process.env.DEPLOY_WORKFLOW_PATTERN = '^test$|deploy';
    app = await createTestApp(DeploymentsAppModule.forRoot(testPlatformConfig('deployments', { PORT: '4002', DATABASE_URL: url, ROLE: 'all' })));
    ingest = app.get(GithubDeploymentsIngest);
    deployments = app.get(DeploymentsService);
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
  const byKey = async (key: string) =>
    (await db.query(`SELECT d.* FROM deployments.deployments d JOIN deployments.deployment_sources s ON s.deployment_id = d.id WHERE s.key = $1`, [key])) as Record<string, any>[];

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

  describe('one change, one deployment: GitHub deployment + status, workflow run and the seed’s REST call', () => {
    const SERVICE = 'Codertocat/Hello-World';
    /** The four reports of one change (a deploy of `sha` to production), each a function that delivers it. */
    function reportsOf(sha: string, ids: { deployment: number; run: number }, viaRunUrl: boolean) {
      const runUrl = `https://github.com/Codertocat/Hello-World/actions/runs/${ids.run}`;
      const commitTimestamp = new Date('2019-05-15T15:10:00Z');
      return {
        githubDeployment: () => deliver('deployment', example('deployment', 'created', (p) => {
          p.deployment.id = ids.deployment;
          p.deployment.sha = sha;
        })),
        githubStatus: () => deliver('deployment_status', example('deployment_status', 'created', (p) => {
          p.deployment.id = ids.deployment;
          p.deployment.sha = sha;
          // The status names the Actions run that deployed (as an Actions-made deployment's status does).
          p.deployment_status.log_url = `${runUrl}/job/1`;
        })),
        workflowRun: () => deliver('workflow_run', example('workflow_run', 'requested', (p) => {
          Object.assign(p.workflow_run, {
            id: ids.run,
            name: 'Deploy production',
            html_url: runUrl,
            head_sha: sha,
            head_commit: { ...p.workflow_run.head_commit, id: sha, timestamp: commitTimestamp.toISOString() },
            status: 'completed',
            conclusion: 'success',
            created_at: '2019-05-15T15:20:00Z',
            run_started_at: '2019-05-15T15:20:01Z',
            updated_at: '2019-05-15T15:21:30Z',
          });
          p.action = 'completed';
          p.repository.full_name = SERVICE;
        })),
        // The seed's curl: create (IN_PROGRESS), then mark it succeeded.
        rest: async () => {
          const created = await deployments.create({
            serviceName: SERVICE,
            version: 'v2.4.0',
            environment: 'PRODUCTION',
            deployedBy: 'octocat',
            // Either the commit or only the run's URL is enough to find the same change.
            ...(viaRunUrl ? {} : { commitSha: sha }),
            commitTimestamp,
            githubRunUrl: runUrl,
            startedAt: new Date('2019-05-15T15:20:05Z'),
            idempotencyKey: `${ids.run}-1`,
          } as CreateDeploymentInput);
          await deployments.markSucceeded(created.id);
        },
      };
    }

    const permutations = <T>(items: T[]): T[][] =>
      items.length <= 1 ? [items] : items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));

    const deploymentsOf = (sha: string) =>
      db.query(`SELECT * FROM deployments.deployments WHERE service_name = $1 AND lower(commit_sha) = $2`, [SERVICE, sha]) as Promise<Record<string, any>[]>;
    const sourcesOf = async (id: string) =>
      ((await db.query(`SELECT kind, reference FROM deployments.deployment_sources WHERE deployment_id = $1 ORDER BY kind::text`, [id])) as { kind: string; reference: string }[]);

    const names = ['githubDeployment', 'githubStatus', 'workflowRun', 'rest'] as const;
    it.each(permutations([...names]).map((order) => [order.join(' → '), order]))('is one deployment in the order %s', async (_, order) => {
      const sha = randomUUID().replace(/-/g, '') + '12345678';
      const ids = { deployment: nextId++, run: nextId++ };
      const reports = reportsOf(sha, ids, false);
      for (const name of order as (typeof names)[number][]) await reports[name]();
      const rows = await deploymentsOf(sha);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        status: 'SUCCEEDED',
        environment: 'PRODUCTION',
        version: 'v2.4.0',
        github_run_url: `https://github.com/Codertocat/Hello-World/actions/runs/${ids.run}`,
        commit_at: new Date('2019-05-15T15:10:00Z'),
      });
      expect(await sourcesOf(rows[0].id)).toEqual([
        { kind: 'GITHUB_DEPLOYMENT', reference: String(ids.deployment) },
        { kind: 'WORKFLOW_RUN', reference: String(ids.run) },
        { kind: 'API', reference: `${ids.run}-1` },
      ].sort((a, b) => a.kind.localeCompare(b.kind)));
    });

    it('is one deployment when all four arrive at the same moment', async () => {
      for (let attempt = 0; attempt < 3; attempt++) {
        const sha = randomUUID().replace(/-/g, '') + '12345678';
        const ids = { deployment: nextId++, run: nextId++ };
        const reports = reportsOf(sha, ids, false);
        await Promise.all(names.map((name) => reports[name]()));
        const rows = await deploymentsOf(sha);
        expect(rows).toHaveLength(1);
        expect(rows[0].status).toBe('SUCCEEDED');
        expect((await sourcesOf(rows[0].id)).map((s) => s.kind)).toEqual(['API', 'GITHUB_DEPLOYMENT', 'WORKFLOW_RUN']);
      }
    });

    it('joins a REST call that names only the run (no commitSha) to that run’s deployment', async () => {
      const sha = randomUUID().replace(/-/g, '') + '12345678';
      const ids = { deployment: nextId++, run: nextId++ };
      const reports = reportsOf(sha, ids, true);
      for (const name of ['workflowRun', 'rest', 'githubDeployment', 'githubStatus'] as const) await reports[name]();
      const rows = await deploymentsOf(sha);
      expect(rows).toHaveLength(1);
      expect((await sourcesOf(rows[0].id)).map((s) => s.kind)).toEqual(['API', 'GITHUB_DEPLOYMENT', 'WORKFLOW_RUN']);
    });

    it('keeps two deployments of one commit apart: outside DEPLOYMENT_MERGE_WINDOW, or two GitHub deployments', async () => {
      const sha = randomUUID().replace(/-/g, '') + '12345678';
      const first = nextId++;
      const second = nextId++;
      await deliver('deployment', example('deployment', 'created', (p) => Object.assign(p.deployment, { id: first, sha })));
      // A second GitHub deployment of the same commit 10 minutes later is a re-deploy, not another report of the first.
      await deliver('deployment', example('deployment', 'created', (p) => Object.assign(p.deployment, { id: second, sha, created_at: '2019-05-15T15:30:53Z' })));
      // The API reporting that commit 2 hours later is a deployment of its own (the window is 1 h).
      await deployments.create({ serviceName: SERVICE, version: sha, environment: 'PRODUCTION', deployedBy: 'octocat', commitSha: sha, startedAt: new Date('2019-05-15T17:30:00Z') } as CreateDeploymentInput);
      expect(await deploymentsOf(sha)).toHaveLength(3);
    });
  });
});
