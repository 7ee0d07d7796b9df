import { createTestApp, createTestDatabase, dropTestDatabase, signedSubgraphRequest, testPlatformConfig } from '@companyos/testing';
import { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { DeploymentsAppModule } from '../src/deployments.app.module';
import { CreateDeploymentInput } from '../src/deployments/dto/create-deployment.input';
import { DeploymentsService } from '../src/deployments/deployments.service';

// BuildRun.deployments as the gateway asks for it (an entity reference with the fields it @requires), on real PostgreSQL.
describe('BuildRun.deployments (real PostgreSQL)', () => {
  let url: string;
  let app: INestApplication;
  let deployments: DeploymentsService;

  beforeAll(async () => {
    url = await createTestDatabase();
    app = await createTestApp(DeploymentsAppModule.forRoot(testPlatformConfig('deployments', { PORT: '4002', DATABASE_URL: url, ROLE: 'api' })));
    deployments = app.get(DeploymentsService);
  });

  afterAll(async () => {
    await app?.close();
    if (url) await dropTestDatabase(url);
  });

  it('lists the deployments whose run URL names the run and those of the same repository and commit, and nothing else', async () => {
    const name = `shop-${randomBytes(3).toString('hex')}`;
    const repository = `acme/${name}`;
    const commitSha = randomBytes(20).toString('hex');
    const runUrl = `https://github.com/${repository}/actions/runs/777`;
    const create = (fields: Partial<CreateDeploymentInput>) =>
      deployments.create({ serviceName: name, version: randomBytes(3).toString('hex'), environment: 'STAGING', deployedBy: 'bob', ...fields } as CreateDeploymentInput);
    const byUrl = await create({ githubRunUrl: `${runUrl}/job/5`, environment: 'PRODUCTION' as never });
    const byCommit = await create({ commitSha });
    await create({ commitSha: randomBytes(20).toString('hex') });
    const { headers, body } = signedSubgraphRequest(
      'deployments',
      {
        query: `query ($r: [_Any!]!) { _entities(representations: $r) { ... on BuildRun { deployments { id } } } }`,
        variables: {
          r: [
            { __typename: 'BuildRun', id: '1', repository, commitSha: randomBytes(20).toString('hex'), url: runUrl },
            { __typename: 'BuildRun', id: '2', repository, commitSha, url: 'https://jenkins.example.com/job/9' },
            { __typename: 'BuildRun', id: '3', repository, commitSha: 'e'.repeat(40), url: null },
          ],
        },
      },
      { role: 'viewer' },
    );
    const response = await request(app.getHttpServer()).post('/graphql').set(headers).send(body).expect(200);
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data._entities.map((run: { deployments: { id: string }[] }) => run.deployments.map((d) => d.id))).toEqual([[byUrl.id], [byCommit.id], []]);
  });
});
