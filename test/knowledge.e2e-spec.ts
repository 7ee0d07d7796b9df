import { githubExample, githubHeaders, Stack, TEST_GITHUB_SECRET, waitFor } from '@companyos/testing';

// The knowledge domain through the gateway, as clients use it: the seed's
// REST calls for postmortems (POST, PATCH {"status": "published"}, GET),
// Incident.postmortem across subgraphs, the auto-drafted postmortem of a
// resolved SEV1 (the incidents outbox → knowledge queue), and the seed's ADR
// and roadmap syncs of the repository's own adr/ and backlog.json, then its
// updateRoadmapItem mutation exactly.
describe('knowledge through the gateway', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await Stack.start();
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const json = async (path: string, method: string, body?: unknown, token?: string) => {
    const response = await stack.api(
      path,
      { method, headers: { 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) },
      token,
    );
    return { status: response.status, body: (await response.json()) as any };
  };

  /** The seed's incident call; waits until the knowledge domain has heard of it (its declaration event). */
  const declareIncident = async (severity: string) => {
    const created = await json('/api/companyos/incidents', 'POST', {
      title: 'API latency spike in us-east-1',
      severity,
      affectedServices: ['api-gateway', 'entity-service'],
      commander: 'alice@summit.com',
      customerImpact: true,
      impactDescription: 'P95 latency increased to 2.5s',
    });
    expect(created.status).toBe(201);
    await waitFor('the knowledge domain to know the incident', async () => (await stack.count('SELECT 1 FROM knowledge.incidents WHERE incident_id = $1', [created.body.id])) === 1);
    return created.body.id as string;
  };

  it("runs the seed's postmortem calls: create (201, then 409 with the existing id), read, publish, and refuses edits once published", async () => {
    const incidentId = await declareIncident('sev2');
    const seedBody = {
      incidentId,
      title: 'API Latency Spike - 2024-01-15',
      rootCauseAnalysis: 'Database connection pool exhaustion',
      actionItems: [{ description: 'Increase connection pool size', owner: 'alice@summit.com', dueDate: '2024-01-30' }],
      lessonsLearned: ['Need better connection pool monitoring', 'Auto-scaling policies need tuning'],
    };
    const created = await json('/api/companyos/postmortems', 'POST', seedBody);
    expect(created).toMatchObject({
      status: 201,
      body: {
        incidentId,
        title: 'API Latency Spike - 2024-01-15',
        status: 'DRAFT',
        rootCauseAnalysis: 'Database connection pool exhaustion',
        lessonsLearned: seedBody.lessonsLearned,
        actionItems: [{ description: 'Increase connection pool size', owner: 'alice@summit.com', dueDate: '2024-01-30', status: 'OPEN' }],
      },
    });
    const id = created.body.id;

    expect(await json('/api/companyos/postmortems', 'POST', seedBody)).toMatchObject({
      status: 409,
      body: { error: 'POSTMORTEM_ALREADY_EXISTS', details: { existingId: id } },
    });
    expect(await json(`/api/companyos/postmortems/${id}`, 'GET')).toMatchObject({ status: 200, body: { id, status: 'DRAFT' } });
    const listed = await json(`/api/companyos/postmortems?incidentId=${incidentId}`, 'GET');
    expect(listed).toMatchObject({ status: 200, body: { totalCount: 1, nodes: [{ id }] } });

    const published = await json(`/api/companyos/postmortems/${id}`, 'PATCH', { status: 'published' });
    expect(published).toMatchObject({ status: 200, body: { id, status: 'PUBLISHED', publishedAt: expect.any(String) } });
    expect(await json(`/api/companyos/postmortems/${id}`, 'PATCH', { rootCauseAnalysis: 'something else' })).toMatchObject({
      status: 409,
      body: { error: 'POSTMORTEM_PUBLISHED' },
    });

    const { data, errors } = await stack.graphql(`query ($id: ID!) { incident(id: $id) { title severity postmortem { id status actionItems { description } } } }`, { id: incidentId });
    expect(errors).toBeUndefined();
    expect(data.incident).toEqual({
      title: 'API latency spike in us-east-1',
      severity: 'SEV2',
      postmortem: { id, status: 'PUBLISHED', actionItems: [{ description: 'Increase connection pool size' }] },
    });

    // Bad input names the field; a viewer may read but not write.
    expect(await json('/api/companyos/postmortems', 'POST', { ...seedBody, incidentId: 'incident-uuid' })).toMatchObject({ status: 400, body: { message: expect.stringContaining('incidentId') } });
    const viewer = await stack.tokenFor('viewer');
    expect((await json('/api/companyos/postmortems', 'POST', seedBody, viewer.token)).status).toBe(403);
    expect((await json(`/api/companyos/postmortems/${id}`, 'GET', undefined, viewer.token)).status).toBe(200);
  });

  it('drafts the postmortem of a resolved SEV1 from its timeline, once', async () => {
    const incidentId = await declareIncident('sev1');
    expect((await json(`/api/companyos/incidents/${incidentId}/resolve`, 'POST', { resolution: 'Rolled back v2.4.1' })).status).toBe(200);
    const draft = await waitFor('the auto-drafted postmortem', async () => {
      const { data } = await stack.graphql(`query ($id: ID!) { incident(id: $id) { postmortem { id status autoDrafted title timeline { kind description } } } }`, { id: incidentId });
      return data?.incident?.postmortem;
    });
    expect(draft).toMatchObject({ status: 'DRAFT', autoDrafted: true, title: 'Postmortem: API latency spike in us-east-1' });
    expect(draft.timeline.map((entry: { kind: string }) => entry.kind)).toEqual(['DETECTED', 'RESOLVED']);
    expect(draft.timeline[1].description).toContain('Rolled back v2.4.1');
    expect(await stack.count('SELECT 1 FROM knowledge.postmortems WHERE incident_id = $1', [incidentId])).toBe(1);
  });

  it("syncs the repository's ADRs and backlog, and runs the seed's updateRoadmapItem returning relatedAdrs", async () => {
    const responder = await stack.tokenFor('responder', 'e2e-kb-responder');
    expect((await json('/api/companyos/adrs/sync', 'POST', undefined, responder.token)).status).toBe(403);

    const adrs = await json('/api/companyos/adrs/sync', 'POST');
    expect(adrs).toMatchObject({ status: 200, body: { created: 7, errors: [], skipped: ['README.md'] } });
    expect((await json('/api/companyos/adrs/sync', 'POST')).body).toMatchObject({ created: 0, unchanged: 7 });

    const roadmap = await json('/api/companyos/roadmap/sync', 'POST');
    expect(roadmap).toMatchObject({ status: 200, body: { epics: 4, stories: 8, created: 12 } });

    const { data: lookup } = await stack.graphql(`{
      adrs(filter: { search: "supergraph" }) { nodes { id adrNumber status supersededBy { adrNumber } } }
      roadmapItems { nodes { id key children { key } } }
    }`);
    expect(lookup.adrs.nodes).toEqual([
      expect.objectContaining({ adrNumber: 5, status: 'SUPERSEDED', supersededBy: [{ adrNumber: 6 }] }),
      expect.objectContaining({ adrNumber: 6, status: 'ACCEPTED', supersededBy: [] }),
    ]);
    const epic = lookup.roadmapItems.nodes.find((item: { key: string }) => item.key === 'E-004');
    expect(epic.children.map((child: { key: string }) => child.key)).toEqual(['S-030', 'S-031', 'S-032']);

    // The seed's mutations, as written there (ids filled in).
    const link = await stack.graphql(
      `mutation LinkADRToRoadmap {
        updateRoadmapItem(
          id: "${epic.id}"
          input: { relatedAdrIds: [${lookup.adrs.nodes.map((adr: { id: string }) => `"${adr.id}"`).join(', ')}] }
        ) {
          id
          title
          relatedAdrs {
            adrNumber
            title
            status
          }
        }
      }`,
      {},
      responder.token,
    );
    expect(link.errors).toBeUndefined();
    expect(link.data.updateRoadmapItem).toEqual({
      id: epic.id,
      title: 'Knowledge: postmortems, ADRs and the roadmap',
      relatedAdrs: [
        { adrNumber: 5, title: 'Supergraph composed at build time', status: 'SUPERSEDED' },
        { adrNumber: 6, title: "Supergraph composed from each subgraph's own process", status: 'ACCEPTED' },
      ],
    });
    const progress = await stack.graphql(
      `mutation UpdateRoadmapProgress {
        updateRoadmapItem(
          id: "${epic.id}"
          input: {
            status: IN_PROGRESS
            progressPercentage: 45
            githubMilestoneUrl: "https://github.com/org/repo/milestone/12"
          }
        ) {
          id
          progressPercentage
        }
      }`,
      {},
      responder.token,
    );
    expect(progress).toEqual({ data: { updateRoadmapItem: { id: epic.id, progressPercentage: 45 } } });

    // A re-sync keeps what the roadmap owns.
    await json('/api/companyos/roadmap/sync', 'POST');
    const { data: after } = await stack.graphql(`query ($id: ID!) { roadmapItem(id: $id) { status progressPercentage githubMilestoneUrl relatedAdrs { adrNumber } } }`, { id: epic.id });
    expect(after.roadmapItem).toEqual({ status: 'IN_PROGRESS', progressPercentage: 45, githubMilestoneUrl: 'https://github.com/org/repo/milestone/12', relatedAdrs: [{ adrNumber: 5 }, { adrNumber: 6 }] });
  });

  it('sets a roadmap item’s progress from its GitHub milestone, sent to the gateway’s GitHub webhook', async () => {
    await json('/api/companyos/roadmap/sync', 'POST');
    const url = 'https://github.com/Codertocat/Hello-World/milestone/1';
    const linked = await stack.graphql(`mutation { updateRoadmapItem(id: "E-003", input: { githubMilestoneUrl: "${url}" }) { key githubMilestoneUrl } }`);
    expect(linked.errors).toBeUndefined();
    // GitHub's published `milestone` example, its counts set to 2 open and 6 closed.
    const payload = githubExample('milestone', 'closed');
    Object.assign(payload.milestone, { html_url: url, open_issues: 2, closed_issues: 6, updated_at: new Date().toISOString() });
    const body = JSON.stringify(payload);
    const response = await fetch(`${stack.gateway.url}/api/companyos/github-webhook`, {
      method: 'POST',
      headers: githubHeaders(TEST_GITHUB_SECRET, 'milestone', body),
      body,
    });
    expect(response.status).toBe(202);
    await waitFor('the milestone’s progress', async () => {
      const { data } = await stack.graphql(`{ roadmapItem(id: "E-003") { progressPercentage } }`);
      return data?.roadmapItem?.progressPercentage === 75;
    });
  });
});
