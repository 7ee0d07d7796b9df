import { freePort, Stack, TEST_ALERTMANAGER_TOKEN, waitFor } from '@companyos/testing';
import { randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, Server } from 'node:http';

// Escalations through the whole stack: an incident declared SEV1 over the
// seed's REST call reaches the runbooks app as an incident event, its
// service's policy pages level 1 (the on-call person of a schedule) as real
// HTTP calls to a local receiver (a Slack-compatible webhook and a PagerDuty
// Events v2 trigger), nobody acknowledging pages level 2 after its delay, and
// an acknowledgement stops it (and PagerDuty is told: `acknowledge`, then
// `resolve`). A critical alert whose group has no incident pages at once; the
// incident declared for the group adopts that escalation (nobody is paged
// twice). A reopened incident pages again.

interface Received {
  path: string;
  body: any;
  at: number;
}

describe('escalations that page, end to end', () => {
  let stack: Stack;
  let receiver: Server;
  const received: Received[] = [];

  beforeAll(async () => {
    const port = await freePort();
    receiver = createServer((req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received.push({ path: req.url ?? '', body: JSON.parse(Buffer.concat(chunks).toString() || '{}'), at: Date.now() });
        res.writeHead(req.url === '/pagerduty' ? 202 : 200, { 'content-type': 'application/json' }).end('{"status":"success"}');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(port, '127.0.0.1', resolve));
    stack = await Stack.start({
      runbooksEnv: {
        NOTIFY_WEBHOOK_URL: `http://127.0.0.1:${port}/hook`,
        PAGERDUTY_ROUTING_KEY: 'e2e-routing-key',
        PAGERDUTY_EVENTS_URL: `http://127.0.0.1:${port}/pagerduty`,
        PAGE_TIMEOUT_MS: '2000',
      },
    });
  });

  afterAll(async () => {
    await stack?.stop();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  const ok = async (query: string, variables: Record<string, unknown> = {}) => {
    const { data, errors } = await stack.graphql(query, variables);
    if (errors) throw new Error(JSON.stringify(errors));
    return data;
  };

  /** A schedule with `user` always on call, and a policy for `service`: level 1 the schedule at once, level 2 `lead` after `minutes`. */
  const setUp = async (service: string, user: string, lead: string, minutes: number) => {
    const schedule = `sched-${service}`;
    await ok('mutation ($input: CreateScheduleInput!) { createSchedule(input: $input) { name } }', {
      input: { name: schedule, timeZone: 'Europe/Berlin', services: [service], layers: [{ name: 'only', members: [[user]], rotation: { handoffTime: '09:00', every: 1, unit: 'DAYS', startsAt: '2026-01-01T08:00:00Z' } }] },
    });
    await ok('mutation ($input: EscalationPolicyInput!) { createEscalationPolicy(input: $input) { name } }', {
      input: { name: `policy-${service}`, services: [service], levels: [{ delayMinutes: 0, schedules: [schedule] }, { delayMinutes: minutes, users: [lead] }] },
    });
  };

  const declare = async (service: string) => {
    const response = await stack.api('/api/companyos/incidents', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: `Checkout down (${service})`, severity: 'sev1', affectedServices: [service], commander: 'alice@summit.com', customerImpact: true }),
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as { id: string }).id;
  };

  const pagesTo = (user: string, incidentId: string) =>
    received.filter((r) => (r.path === '/hook' ? r.body.companyos?.target === user && r.body.companyos?.incidentId === incidentId : r.body.dedup_key === incidentId && r.body.payload?.custom_details?.target === user));
  /** Pages of an alert group's escalation: the webhook names the group, PagerDuty dedups on it (whether or not an incident adopted it since). */
  const groupPagesTo = (user: string, groupKey: string) =>
    received.filter((r) =>
      r.path === '/hook' ? r.body.companyos?.target === user && r.body.companyos?.alertGroupKey === groupKey : r.body.dedup_key === `alert-group:${groupKey}` && r.body.payload?.custom_details?.target === user,
    );
  const followUps = (dedupKey: string, action: string) => received.filter((r) => r.path === '/pagerduty' && r.body.dedup_key === dedupKey && r.body.event_action === action);

  /** Alertmanager's webhook notification of one critical alert of `groupKey` (firing or resolved), posted to the gateway as Alertmanager would. */
  const notify = async (groupKey: string, service: string, fingerprint: string, status: 'firing' | 'resolved') => {
    const labels = { alertname: 'CheckoutDown', service, severity: 'critical', customer_facing: 'true', instance: 'web-1' };
    const response = await stack.api(
      '/api/companyos/prometheus-webhook',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          version: '4', groupKey, truncatedAlerts: 0, status, receiver: 'companyos', groupLabels: { service }, commonLabels: labels, commonAnnotations: {}, externalURL: 'http://alertmanager:9093',
          alerts: [{ status, labels, annotations: { summary: `${service} answers 503` }, startsAt: '2026-12-01T10:00:00Z', endsAt: status === 'resolved' ? new Date().toISOString() : '0001-01-01T00:00:00Z', generatorURL: '', fingerprint }],
        }),
      },
      TEST_ALERTMANAGER_TOKEN,
    );
    expect(response.status).toBeLessThan(300);
  };

  const timelineOf = async (incidentId: string) =>
    ((await ok('query ($id: ID!) { incident(id: $id) { timeline { message } } }', { id: incidentId })).incident.timeline as { message: string }[]).map((e) => e.message);

  it('pages level 1 on declaration and level 2 after its delay when nobody acknowledges', async () => {
    const service = `pay-${randomBytes(3).toString('hex')}`;
    await setUp(service, 'ann', 'lead-a', 0.05); // level 2 three seconds after level 1
    const incidentId = await declare(service);

    const first = await waitFor('level 1 pages', async () => (pagesTo('ann', incidentId).length === 2 ? pagesTo('ann', incidentId) : null), 20_000);
    const hook = first.find((r) => r.path === '/hook')!;
    expect(hook.body.text).toMatch(/^:rotating_light: SEV1 INC-\d+ — paging ann \(policy policy-.*, level 1, round 1\); services: pay-/);
    const pd = first.find((r) => r.path === '/pagerduty')!;
    expect(pd.body).toMatchObject({ routing_key: 'e2e-routing-key', event_action: 'trigger', dedup_key: incidentId, payload: { severity: 'critical', source: 'companyos' } });

    const second = await waitFor('level 2 pages', async () => (pagesTo('lead-a', incidentId).length === 2 ? pagesTo('lead-a', incidentId) : null), 20_000);
    // Not before its delay: level 2 is due 3 s after level 1 ran, which is after the escalation started.
    const { rows } = await stack.db.query('SELECT started_at FROM runbooks.escalations WHERE incident_id = $1', [incidentId]);
    expect(Math.min(...second.map((r) => r.at)) - rows[0].started_at.getTime()).toBeGreaterThanOrEqual(3_000);

    // Who, which level and the outcome are on the incident's timeline; onCall and suggestions join in one query.
    const timeline = await waitFor('pages on the timeline', async () => {
      const data = await ok('query ($id: ID!) { incident(id: $id) { timeline { message } } }', { id: incidentId });
      const pages = data.incident.timeline.filter((e: any) => e.message.startsWith('Paged'));
      return pages.length === 4 ? pages.map((e: any) => e.message) : null;
    });
    expect(timeline).toContain(`Paged ann via webhook (escalation policy policy-${service}, level 1, round 1): sent`);
    expect(timeline).toContain(`Paged lead-a via pagerduty (escalation policy policy-${service}, level 2, round 1): sent`);
    const joined = await ok('query ($id: ID!) { incident(id: $id) { onCall { user } suggestedRunbooks { runbook { title } reason } escalations { status pages { level target outcome } } } }', { id: incidentId });
    expect(joined.incident.onCall).toEqual([{ user: 'ann' }]);
    expect(joined.incident.suggestedRunbooks).toEqual([]);
    expect(joined.incident.escalations[0].status).toBe('EXHAUSTED');

    // The schedule as a calendar feed.
    const calendar = await stack.api(`/api/companyos/schedules/sched-${service}/ics?from=2026-06-01T00:00:00Z&to=2026-06-03T00:00:00Z`);
    expect(calendar.status).toBe(200);
    expect(calendar.headers.get('content-type')).toMatch(/^text\/calendar/);
    const ics = await calendar.text();
    // ann is the only member: her daily turns join into one shift over the whole period asked.
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(1);
    expect(ics).toContain('SUMMARY:ann on call');
    expect(ics).toContain('DTSTART:20260601T000000Z');
    expect(ics).toContain('DTEND:20260603T000000Z');
  });

  it('stops when the incident is acknowledged: level 2 is never paged', async () => {
    const service = `ack-${randomBytes(3).toString('hex')}`;
    await setUp(service, 'bea', 'lead-b', 0.2); // level 2 twelve seconds after level 1
    const incidentId = await declare(service);
    await waitFor('level 1 pages', async () => pagesTo('bea', incidentId).length === 2, 20_000);
    await ok('mutation ($id: ID!) { acknowledgeIncident(id: $id) { status } }', { id: incidentId });
    const stopped = await waitFor('the escalation stopped', async () => {
      const data = await ok('query ($id: ID!) { incident(id: $id) { escalations { status stopReason } } }', { id: incidentId });
      return data.incident.escalations[0].status === 'STOPPED' ? data.incident.escalations[0] : null;
    }, 20_000);
    expect(stopped.stopReason).toBe('acknowledged');
    // Past level 2's due time: nothing was sent to the lead.
    await new Promise((resolve) => setTimeout(resolve, 14_000));
    expect(pagesTo('lead-b', incidentId)).toEqual([]);
  });

  it('pages for a critical alert with no incident; the incident declared for its group adopts the escalation instead of paging again', async () => {
    const service = `alrt-${randomBytes(3).toString('hex')}`;
    const groupKey = `{}:{service="${service}"}`;
    const other = `gone-${randomBytes(3).toString('hex')}`;
    const otherGroup = `{}:{service="${other}"}`;
    await setUp(service, 'cid', 'lead-d', 0.15); // level 2 nine seconds after level 1
    await setUp(other, 'eve', 'lead-e', 5);
    // The incidents app is away: nothing declares an incident, the alert alone must page.
    await stack.withStopped(['incidents'], async () => {
      await notify(groupKey, service, 'a1b2c3d4e5f60718', 'firing');
      const first = await waitFor('level 1 paged for the alert group', async () => (groupPagesTo('cid', groupKey).length === 2 ? groupPagesTo('cid', groupKey) : null), 20_000);
      expect(first.find((r) => r.path === '/hook')!.body.companyos.incidentId).toBeNull();
      expect(first.find((r) => r.path === '/pagerduty')!.body).toMatchObject({ event_action: 'trigger', dedup_key: `alert-group:${groupKey}`, payload: { severity: 'critical' } });
      const { rows } = await stack.db.query('SELECT incident_id, status FROM runbooks.escalations WHERE alert_group_key = $1', [groupKey]);
      expect(rows).toEqual([{ incident_id: null, status: 'ACTIVE' }]);

      // Another group fires and resolves before any incident: its escalation stops, and PagerDuty is told to resolve.
      await notify(otherGroup, other, '0f1e2d3c4b5a6978', 'firing');
      await waitFor('level 1 paged for the other group', async () => groupPagesTo('eve', otherGroup).length === 2, 20_000);
      await notify(otherGroup, other, '0f1e2d3c4b5a6978', 'resolved');
      await waitFor('PagerDuty resolve of the other group', async () => followUps(`alert-group:${otherGroup}`, 'resolve').length === 1, 20_000);
      const stopped = await stack.db.query('SELECT status, stop_reason FROM runbooks.escalations WHERE alert_group_key = $1 AND incident_id IS NULL', [otherGroup]);
      expect(stopped.rows).toEqual([{ status: 'STOPPED', stop_reason: 'alert group resolved' }]);
    });

    // Back, the incidents app declares the group's incident: runbooks hands it the running escalation.
    const incidentId = await waitFor('the group adopted by its incident', async () => {
      const { rows } = await stack.db.query('SELECT incident_id FROM runbooks.escalations WHERE alert_group_key = $1', [groupKey]);
      return rows[0]?.incident_id ?? null;
    }, 30_000);
    await waitFor('level 2 paged', async () => groupPagesTo('lead-d', groupKey).length === 2, 30_000);
    // One escalation, level 1 paged once: the declaration did not start a second.
    expect(groupPagesTo('cid', groupKey)).toHaveLength(2);
    expect(pagesTo('cid', incidentId)).toHaveLength(0);
    const escalations = await ok('query ($id: ID!) { incident(id: $id) { escalations { status pages { level target channel action outcome } } } }', { id: incidentId });
    expect(escalations.incident.escalations).toHaveLength(1);
    // What was paged before the incident existed, and after, is on its timeline.
    await waitFor('pages on the timeline', async () => (await timelineOf(incidentId)).filter((m) => m.startsWith('Paged')).length === 4, 20_000);
    expect(await timelineOf(incidentId)).toContain(`Paged cid via webhook (escalation policy policy-${service}, level 1, round 1): sent (for alert group ${groupKey}, before this incident was declared)`);

    // Resolving the incident resolves what PagerDuty holds, under the group's dedup_key.
    await ok('mutation ($id: ID!) { resolveIncident(id: $id, input: { resolution: "restarted" }) { status } }', { id: incidentId });
    await waitFor('PagerDuty resolve', async () => followUps(`alert-group:${groupKey}`, 'resolve').length === 1, 20_000);
    await waitFor('the resolve on the timeline', async () => (await timelineOf(incidentId)).includes(`PagerDuty resolve (escalation policy policy-${service}): sent`), 20_000);
  });

  it('tells PagerDuty when the incident is acknowledged and resolved, and pages again when a resolved incident is reopened', async () => {
    const service = `reo-${randomBytes(3).toString('hex')}`;
    await setUp(service, 'fay', 'lead-f', 5); // level 2 far away
    const incidentId = await declare(service);
    await waitFor('level 1 pages', async () => pagesTo('fay', incidentId).length === 2, 20_000);

    await ok('mutation ($id: ID!) { resolveIncident(id: $id, input: { resolution: "flap" }) { status } }', { id: incidentId });
    await waitFor('PagerDuty resolve', async () => followUps(incidentId, 'resolve').length === 1, 20_000);
    expect(followUps(incidentId, 'acknowledge')).toHaveLength(0);

    // Reopened (never acknowledged, so OPEN again): a fresh escalation pages level 1 again.
    await ok('mutation ($id: ID!) { reopenIncident(id: $id) { status } }', { id: incidentId });
    await waitFor('level 1 paged again', async () => pagesTo('fay', incidentId).length === 4, 20_000);
    const triggers = received.filter((r) => r.path === '/pagerduty' && r.body.dedup_key === incidentId).map((r) => r.body.event_action);
    expect(triggers).toEqual(['trigger', 'resolve', 'trigger']);

    await ok('mutation ($id: ID!) { acknowledgeIncident(id: $id) { status } }', { id: incidentId });
    await waitFor('PagerDuty acknowledge', async () => followUps(incidentId, 'acknowledge').length === 1, 20_000);
    const data = await ok('query ($id: ID!) { incident(id: $id) { escalations { status stopReason pages { action outcome } } } }', { id: incidentId });
    expect(data.incident.escalations.map((e: any) => [e.status, e.stopReason])).toEqual([
      ['STOPPED', 'resolved'],
      ['STOPPED', 'acknowledged'],
    ]);
    expect(data.incident.escalations[1].pages.filter((p: any) => p.action === 'acknowledge')).toEqual([{ action: 'acknowledge', outcome: 'SENT' }]);
    // Only the reopening's escalation is acknowledged: the first was resolved already.
    expect(followUps(incidentId, 'acknowledge')).toHaveLength(1);
  });
});
