import { freePort, Stack, waitFor } from '@companyos/testing';
import { randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, Server } from 'node:http';

// Escalations through the whole stack: an incident declared SEV1 over the
// seed's REST call reaches the runbooks app as an incident event, its
// service's policy pages level 1 (the on-call person of a schedule) as real
// HTTP calls to a local receiver (a Slack-compatible webhook and a PagerDuty
// Events v2 trigger), nobody acknowledging pages level 2 after its delay, and
// an acknowledgement stops it.

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
});
