import { createTestApp, createTestDatabase, dropTestDatabase, subgraphHeaders, testPlatformConfig } from '@companyos/testing';
import { INestApplication } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { StalenessService } from '../src/deployments/staleness.service';
import { RunbooksAppModule } from '../src/runbooks.app.module';

// A runbook is stale once its service has had RUNBOOK_STALE_AFTER_DEPLOYS
// successful production deployments since its last successful run, counted
// from the deployments domain's `deployment.finished` payloads.
describe('stale runbooks (real PostgreSQL)', () => {
  let url: string;
  let app: INestApplication;

  beforeAll(async () => {
    url = await createTestDatabase();
    process.env.RUNBOOK_STALE_AFTER_DEPLOYS = '3'; // the app's own settings are read from process.env
    app = await createTestApp(RunbooksAppModule.forRoot(testPlatformConfig('runbooks', { PORT: '4004', DATABASE_URL: url, ROLE: 'all' })));
  });

  afterAll(async () => {
    delete process.env.RUNBOOK_STALE_AFTER_DEPLOYS;
    await app?.close();
    if (url) await dropTestDatabase(url);
  });

  const ok = async (query: string, variables: Record<string, unknown> = {}) => {
    const { body } = await request(app.getHttpServer()).post('/graphql').set('content-type', 'application/json').set(subgraphHeaders('runbooks', JSON.stringify({ query, variables }), { actor: 'rae@example.com', role: 'admin' })).send(JSON.stringify({ query, variables })).expect(200);
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };

  const deployed = (service: string, over: Record<string, unknown> = {}) =>
    app.get(StalenessService).recordDeployment({
      deploymentId: randomUUID(),
      serviceName: service,
      version: 'v1',
      environment: 'PRODUCTION',
      status: 'SUCCEEDED',
      commitSha: null,
      finishedAt: new Date().toISOString(),
      rollbackOf: null,
      ...over,
    } as never);

  it('counts successful production deployments since the last successful run; a successful run resets it', async () => {
    const service = `svc-${randomBytes(3).toString('hex')}`;
    await ok('mutation ($y: String) { syncRunbooks(yaml: $y) { created } }', { y: `path: stale/${service}.yaml\ntitle: Restart ${service}\nservices: [${service}]\nsteps: [{title: go}]\n` });
    const { runbooks } = await ok('query ($s: String) { runbooks(filter: { service: $s }) { nodes { id stale deploymentsSinceLastSuccess } } }', { s: service });
    const id = runbooks.nodes[0].id;
    expect(runbooks.nodes[0]).toMatchObject({ stale: false, deploymentsSinceLastSuccess: 0 });

    const probe = async () => (await ok('query ($id: ID!) { runbook(id: $id) { stale deploymentsSinceLastSuccess } }', { id })).runbook;
    await deployed(service);
    await deployed(service, { environment: 'STAGING' }); // not production: does not count
    await deployed(service, { status: 'FAILED' }); // not a success: does not count
    await deployed(`other-${service}`); // another service
    expect(await probe()).toEqual({ stale: false, deploymentsSinceLastSuccess: 1 });
    const again = randomUUID();
    await deployed(service, { deploymentId: again });
    await deployed(service, { deploymentId: again }); // the same event twice counts once
    await deployed(service);
    expect(await probe()).toEqual({ stale: true, deploymentsSinceLastSuccess: 3 });

    // A successful run resets the count; the service view flags it too.
    const { startRunbookExecution } = await ok('mutation ($id: ID!) { startRunbookExecution(input: { runbookId: $id }) { id } }', { id });
    await ok('mutation ($id: ID!) { updateRunbookExecution(id: $id, input: { status: COMPLETED }) { id } }', { id: startRunbookExecution.id });
    expect(await probe()).toEqual({ stale: false, deploymentsSinceLastSuccess: 0 });
    for (let i = 0; i < 3; i++) await deployed(service);
    const { service: viewed } = await ok('query ($s: String!) { service(name: $s) { runbooks { runbook { stale } } } }', { s: service });
    expect(viewed.runbooks).toEqual([{ runbook: { stale: true } }]);
  });
});
