import { githubIssuesEvent, GithubIssuesEvent } from '@companyos/contracts';
import { WebhookDelivery } from '@companyos/platform';
import { createTestApp, createTestDatabase, dropTestDatabase, githubExample, testPlatformConfig } from '@companyos/testing';
import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { GithubIssueSync } from '../src/github/github-issue-sync.service';
import { IncidentsAppModule } from '../src/incidents.app.module';

// GitHub's published `issues` examples (their `bug` label renamed `incident`),
// parsed by the gateway's schema exactly as production enqueues them.
describe('GithubIssueSync (real PostgreSQL, GitHub example payloads)', () => {
  let url: string;
  let app: INestApplication;
  let sync: GithubIssueSync;
  let db: DataSource;

  beforeAll(async () => {
    url = await createTestDatabase();
    // GithubIssueSync lives in the worker role; its queue consumer sees nothing under this file's own prefix.
    app = await createTestApp(IncidentsAppModule.forRoot(testPlatformConfig('incidents', { PORT: '4001', DATABASE_URL: url, ROLE: 'all' })));
    sync = app.get(GithubIssueSync);
    db = app.get(DataSource);
  });

  afterAll(async () => {
    await app?.close();
    if (url) await dropTestDatabase(url);
  });

  // ---- factories and probes -----------------------------------------------

  // The examples all describe issue 444500041 (#1) or 444500167 (#2); each test
  // gives its issues their own ids so no test sees another's incident.
  let lastIssueId = 900_000_000;
  const anIssueId = () => ++lastIssueId;

  /** A published example for `action` about issue `issueId`, optionally edited. */
  const anIssuesEvent = (action: string, issueId: number, change: (payload: Record<string, any>) => void = () => {}) => {
    const payload = githubExample('issues', action, { bug: 'incident' });
    payload.issue.id = issueId;
    change(payload);
    return payload;
  };

  const aDelivery = (payload: Record<string, any>, deliveryId: string = randomUUID()): WebhookDelivery<GithubIssuesEvent> => ({
    deliveryId,
    source: 'github',
    event: 'issues',
    receivedAt: new Date().toISOString(),
    payload: githubIssuesEvent.parse(payload),
  });

  const apply = (payload: Record<string, any>, deliveryId?: string) => sync.apply(aDelivery(payload, deliveryId));

  /** The issue's incidents as stored (there must never be more than one). */
  const incidentsOf = (issueId: number): Promise<Record<string, any>[]> =>
    db.query('SELECT * FROM incidents.incidents WHERE github_issue_id = $1', [String(issueId)]);

  const theIncidentOf = async (issueId: number) => {
    const rows = await incidentsOf(issueId);
    expect(rows).toHaveLength(1);
    return rows[0];
  };

  const timelineOf = (incidentId: string): Promise<{ kind: string; actor: string; message: string; changes: Record<string, any> }[]> =>
    db.query('SELECT kind, actor, message, changes FROM incidents.timeline_entries WHERE incident_id = $1 ORDER BY seq', [incidentId]);

  const eventTypesOf = async (incidentId: string): Promise<string[]> =>
    (await db.query('SELECT type FROM incidents.outbox WHERE aggregate_id = $1 ORDER BY seq', [incidentId])).map(
      (row: { type: string }) => row.type,
    );

  const countOf = async (table: string): Promise<number> => (await db.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n;

  /** An issue already mirrored as an incident. */
  const aTrackedIssue = async () => {
    const issueId = anIssueId();
    expect(await apply(anIssuesEvent('labeled', issueId))).toBe('declared');
    return { issueId, incident: await theIncidentOf(issueId) };
  };

  // ---- tests ---------------------------------------------------------------

  it('declares an incident for an issue labelled incident', async () => {
    const issueId = anIssueId();
    const payload = anIssuesEvent('labeled', issueId);
    const deliveryId = randomUUID();

    expect(await apply(payload, deliveryId)).toBe('declared');

    const incident = await theIncidentOf(issueId);
    expect(incident).toMatchObject({
      title: 'Spelling error in the README file',
      source: 'GITHUB',
      severity: 'SEV3',
      status: 'OPEN',
      commander: 'Codertocat',
      github_issue_id: String(issueId),
      github_repository: 'Codertocat/Hello-World',
      github_issue_number: 1,
      github_issue_url: payload.issue.html_url,
      resolved_at: null,
    });
    expect(payload.issue.html_url).toBe('https://github.com/Codertocat/Hello-World/issues/1');
    expect(incident.started_at).toEqual(new Date(payload.issue.created_at));
    expect(await timelineOf(incident.id)).toEqual([
      {
        kind: 'DECLARED',
        actor: 'github:Codertocat',
        message: `INC-${incident.number} declared (SEV3): Spelling error in the README file`,
        changes: {},
      },
    ]);
    expect(await eventTypesOf(incident.id)).toEqual(['incident.declared']);
    const claimed = await db.query('SELECT message_id FROM incidents.processed_messages WHERE message_id = $1', [`github:${deliveryId}`]);
    expect(claimed).toHaveLength(1);
  });

  it('applies the same delivery once: the second time is a duplicate', async () => {
    const issueId = anIssueId();
    const delivery = aDelivery(anIssuesEvent('labeled', issueId));

    expect(await sync.apply(delivery)).toBe('declared');
    expect(await sync.apply(delivery)).toBe('duplicate');

    const incident = await theIncidentOf(issueId);
    expect((await timelineOf(incident.id)).map((entry) => entry.kind)).toEqual(['DECLARED']);
    expect(await eventTypesOf(incident.id)).toEqual(['incident.declared']);
  });

  it('keeps one incident per issue across different deliveries', async () => {
    const issueId = anIssueId();

    expect(await apply(anIssuesEvent('labeled', issueId))).toBe('declared');
    expect(await apply(anIssuesEvent('labeled', issueId))).toBe('ignored');
    expect(await apply(anIssuesEvent('opened', issueId))).toBe('ignored');

    const incident = await theIncidentOf(issueId);
    expect((await timelineOf(incident.id)).map((entry) => entry.kind)).toEqual(['DECLARED']);
  });

  it('applies the same delivery once when it runs twice concurrently', async () => {
    const issueId = anIssueId();
    const delivery = aDelivery(anIssuesEvent('labeled', issueId));

    const outcomes = await Promise.all([sync.apply(delivery), sync.apply(delivery)]);

    expect(outcomes.sort()).toEqual(['declared', 'duplicate']);
    const incident = await theIncidentOf(issueId);
    expect((await timelineOf(incident.id)).map((entry) => entry.kind)).toEqual(['DECLARED']);
  });

  it('raises the severity when a sev1 label is added', async () => {
    const { issueId, incident } = await aTrackedIssue();
    const relabelled = anIssuesEvent('labeled', issueId, (payload) => {
      payload.issue.labels.push({ ...payload.issue.labels[0], id: 1, name: 'sev1' });
      payload.label = { ...payload.issue.labels[0], id: 1, name: 'sev1' };
    });

    expect(await apply(relabelled)).toBe('changed');

    expect((await theIncidentOf(issueId)).severity).toBe('SEV1');
    expect((await timelineOf(incident.id)).slice(1)).toEqual([
      {
        kind: 'SEVERITY_CHANGED',
        actor: 'github:Codertocat',
        message: 'severity SEV3 → SEV1',
        changes: { severity: { from: 'SEV3', to: 'SEV1' } },
      },
    ]);
    expect(await eventTypesOf(incident.id)).toEqual(['incident.declared', 'incident.updated']);
  });

  it('resolves the incident at closed_at when the issue is closed', async () => {
    // The published examples have no `issues.closed`; this is the labeled one, closed.
    expect(() => githubExample('issues', 'closed')).toThrow(/no published example/);
    const { issueId, incident } = await aTrackedIssue();
    const closedAt = '2019-05-15T16:00:00Z';
    const closed = anIssuesEvent('labeled', issueId, (payload) => {
      payload.action = 'closed';
      payload.issue.state = 'closed';
      payload.issue.closed_at = closedAt;
      delete payload.label;
    });

    expect(await apply(closed)).toBe('changed');
    expect(await apply(closed)).toBe('ignored'); // a second closed delivery: already resolved

    const resolved = await theIncidentOf(issueId);
    expect(resolved).toMatchObject({ status: 'RESOLVED', resolution: 'GitHub issue Codertocat/Hello-World#1 closed' });
    expect(resolved.resolved_at).toEqual(new Date(closedAt));
    expect((await timelineOf(incident.id)).map((entry) => entry.kind)).toEqual(['DECLARED', 'RESOLVED']);
    expect(await eventTypesOf(incident.id)).toEqual(['incident.declared', 'incident.resolved']);
  });

  it('reopens the incident when the issue is reopened', async () => {
    const { issueId, incident } = await aTrackedIssue();
    await apply(
      anIssuesEvent('labeled', issueId, (payload) => {
        payload.action = 'closed';
        payload.issue.state = 'closed';
        payload.issue.closed_at = '2019-05-15T16:00:00Z';
      }),
    );
    expect((await theIncidentOf(issueId)).status).toBe('RESOLVED');

    expect(await apply(anIssuesEvent('reopened', issueId))).toBe('changed');

    const reopened = await theIncidentOf(issueId);
    expect(reopened).toMatchObject({ status: 'OPEN', resolved_at: null });
    const timeline = await timelineOf(incident.id);
    expect(timeline.map((entry) => entry.kind)).toEqual(['DECLARED', 'RESOLVED', 'REOPENED']);
    expect(timeline[2].changes).toEqual({ status: { from: 'RESOLVED', to: 'OPEN' } });
    expect(await eventTypesOf(incident.id)).toEqual(['incident.declared', 'incident.resolved', 'incident.reopened']);
  });

  it('ignores an issue without the incident label and stores nothing of it', async () => {
    const issueId = anIssueId();
    const unlabelled = githubExample('issues', 'labeled'); // still labelled `bug`
    unlabelled.issue.id = issueId;
    const before = { incidents: await countOf('incidents.incidents'), timeline: await countOf('incidents.timeline_entries'), outbox: await countOf('incidents.outbox') };

    expect(await apply(unlabelled)).toBe('ignored');

    expect(await incidentsOf(issueId)).toEqual([]);
    expect({ incidents: await countOf('incidents.incidents'), timeline: await countOf('incidents.timeline_entries'), outbox: await countOf('incidents.outbox') }).toEqual(before);
  });

  it('declares an untracked labelled issue on any action (the milestoned example, issue #2)', async () => {
    const { issueId: firstIssueId, incident: first } = await aTrackedIssue();
    const secondIssueId = anIssueId();
    const milestoned = anIssuesEvent('milestoned', secondIssueId);
    expect(milestoned.issue.number).toBe(2);

    expect(await apply(milestoned)).toBe('declared');

    const second = await theIncidentOf(secondIssueId);
    expect(second.id).not.toBe(first.id);
    expect(second).toMatchObject({
      title: 'Update the README with new information.',
      source: 'GITHUB',
      severity: 'SEV3',
      github_issue_number: 2,
      github_issue_url: milestoned.issue.html_url,
      commander: 'Codertocat',
    });
    expect(second.number).toBeGreaterThan(first.number);
    expect(await incidentsOf(firstIssueId)).toHaveLength(1);
  });
});
