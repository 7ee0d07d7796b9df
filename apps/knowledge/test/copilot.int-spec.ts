import { IncidentAlertEvents, IncidentEventPayload, IncidentEvents } from '@companyos/contracts';
import { createTestApp, createTestDatabase, dropTestDatabase, signedSubgraphRequest, testPlatformConfig } from '@companyos/testing';
import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { CopilotService } from '../src/copilot/copilot.service';
import { IncidentRecordsService } from '../src/incidents/incident-records.service';
import { KnowledgeAppModule } from '../src/knowledge.app.module';
import { PostmortemsService } from '../src/postmortems/postmortems.service';
import { PostmortemStatus } from '../src/postmortems/postmortem.enums';
import { LABELLED_INCIDENTS } from './fixtures/similar-incidents';

// The local copilot on real PostgreSQL full-text search, over a labelled
// fixture of incidents (written for this test: families of incidents that a
// responder would call alike, in different words), plus its GraphQL face.
describe('knowledge copilot (real PostgreSQL)', () => {
  let url: string;
  let app: INestApplication;
  let copilot: CopilotService;
  const ids = new Map<string, string>();

  const event = (key: string, payload: Partial<IncidentEventPayload>, type: string = IncidentEvents.Resolved) => {
    const incidentId = ids.get(key) ?? randomUUID();
    ids.set(key, incidentId);
    return {
      id: randomUUID(),
      type,
      aggregateId: incidentId,
      occurredAt: new Date().toISOString(),
      payload: {
        incidentId,
        number: ids.size,
        severity: 'SEV3',
        status: 'RESOLVED',
        affectedServices: [],
        customerImpact: false,
        source: 'MANUAL',
        startedAt: '2026-01-01T00:00:00.000Z',
        resolvedAt: '2026-01-01T01:00:00.000Z',
        ...payload,
      } as IncidentEventPayload,
    };
  };

  beforeAll(async () => {
    url = await createTestDatabase();
    app = await createTestApp(KnowledgeAppModule.forRoot(testPlatformConfig('knowledge', { PORT: '4005', DATABASE_URL: url, ROLE: 'api' })));
    copilot = app.get(CopilotService);
    const records = app.get(IncidentRecordsService);
    const postmortems = app.get(PostmortemsService);
    for (const incident of LABELLED_INCIDENTS) {
      await records.apply(event(incident.key, { title: incident.title, affectedServices: incident.services, impactDescription: incident.impact }));
      for (const alertName of incident.alerts ?? []) {
        const incidentId = ids.get(incident.key) as string;
        await records.applyFact({
          id: randomUUID(),
          type: IncidentAlertEvents.AlertAttached,
          aggregateId: incidentId,
          occurredAt: '2026-01-01T00:00:10.000Z',
          payload: { incidentId, alertId: randomUUID(), alertName },
        });
      }
      if (incident.rootCause) {
        const created = await postmortems.create(
          {
            incidentId: ids.get(incident.key) as string,
            title: incident.title,
            rootCauseAnalysis: incident.rootCause,
            actionItems: (incident.actions ?? []).map((description) => ({ description })),
          },
          'fixture',
        );
        if (incident.published) await postmortems.update(created.id, { status: PostmortemStatus.PUBLISHED }, 'fixture');
      }
    }
  });

  afterAll(async () => {
    await app?.close();
    if (url) await dropTestDatabase(url);
  });

  it('finds the labelled look-alikes: top-5 recall over the fixture', async () => {
    let found = 0;
    let expected = 0;
    for (const incident of LABELLED_INCIDENTS) {
      const similar = (await copilot.similar(ids.get(incident.key) as string, 5)).map((each) => each.incidentId);
      for (const other of incident.similarTo) {
        expected += 1;
        if (similar.includes(ids.get(other) as string)) found += 1;
      }
    }
    const recall = found / expected;
    process.stdout.write(`copilot top-5 recall on ${expected} labelled pairs: ${recall.toFixed(3)} (${found}/${expected})\n`);
    expect(recall).toBeGreaterThanOrEqual(0.8);
  });

  it('says why, ranks shared services first and a published postmortem up', async () => {
    const [top] = await copilot.similar(ids.get('db-pool-1') as string, 5);
    expect(top.incidentId).toBe(ids.get('db-pool-2'));
    expect(top.reason).toMatch(/^shared service orders-api; matched terms: .*(pool|connect)/);
    expect(top.hasPublishedPostmortem).toBe(true);
  });

  it('finds an incident the same alert fired for, on another service and in other words, and says so', async () => {
    const similar = await copilot.similar(ids.get('cpu-1') as string, 5);
    expect(similar[0]).toMatchObject({
      incidentId: ids.get('cpu-2'),
      sharedServices: [],
      sharedAlertNames: ['CPUThrottlingHigh'],
      matchedTerms: [],
      reason: 'shared alert CPUThrottlingHigh',
    });
    expect(similar.map((each) => each.incidentId)).not.toContain(ids.get('noise-1'));
  });

  it('serves similarIncidents, summary and suggestedActionItems over GraphQL', async () => {
    const { headers, body } = signedSubgraphRequest(
      'knowledge',
      {
        query: `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Incident { id summary similarIncidents(first: 3) { incident { id } reason score sharedAlertNames } postmortem { suggestedActionItems { description occurrences } } } } }`,
        variables: { reps: [{ __typename: 'Incident', id: ids.get('db-pool-3') }] },
      },
      { role: 'viewer' },
    );
    const response = await request(app.getHttpServer()).post('/graphql').set(headers).send(body).expect(200);
    expect(response.body.errors).toBeUndefined();
    const [incident] = response.body.data._entities;
    expect(incident.summary).toContain('time to resolve: 1 h');
    expect(incident.similarIncidents.map((each: { incident: { id: string } }) => each.incident.id)).toEqual(
      expect.arrayContaining([ids.get('db-pool-1'), ids.get('db-pool-2')]),
    );
    expect(incident.postmortem.suggestedActionItems[0]).toEqual({ description: expect.stringMatching(/^Increase (the )?connection pool size$/), occurrences: 2 });
  });
});
