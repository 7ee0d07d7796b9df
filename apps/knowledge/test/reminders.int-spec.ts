import { IncidentEvents } from '@companyos/contracts';
import { createTestApp, createTestDatabase, dropTestDatabase, testPlatformConfig } from '@companyos/testing';
import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { createServer, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { IncidentRecordsService } from '../src/incidents/incident-records.service';
import { KnowledgeAppModule } from '../src/knowledge.app.module';
import { PostmortemsService } from '../src/postmortems/postmortems.service';
import { RemindersService } from '../src/reminders/reminders.service';

// Overdue reminders on real PostgreSQL, posted to a real HTTP receiver:
// once per item per day, grouped per owner, for incidents resolved long ago
// too; a receiver that fails, or does not answer within
// ACTION_ITEM_REMINDER_TIMEOUT_MS, gets the same reminder on the next pass.
describe('overdue action item reminders (real PostgreSQL, a real webhook receiver)', () => {
  let url: string;
  let app: INestApplication;
  let receiver: Server;
  let answer = 200;
  /** While true, the receiver reads the reminder and never answers. */
  let hang = false;
  const hanging: ServerResponse[] = [];
  const received: any[] = [];

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        if (hang) {
          hanging.push(res);
          return;
        }
        if (answer === 200) received.push(JSON.parse(body));
        res.writeHead(answer).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    url = await createTestDatabase();
    process.env.ACTION_ITEM_REMINDER_WEBHOOK_URL = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/reminders`;
    process.env.ACTION_ITEM_TIME_ZONE = 'America/New_York';
    process.env.ACTION_ITEM_REMINDER_TIMEOUT_MS = '300';
    app = await createTestApp(KnowledgeAppModule.forRoot(testPlatformConfig('knowledge', { PORT: '4005', DATABASE_URL: url, ROLE: 'all' })));
  });

  afterAll(async () => {
    delete process.env.ACTION_ITEM_REMINDER_WEBHOOK_URL;
    delete process.env.ACTION_ITEM_TIME_ZONE;
    delete process.env.ACTION_ITEM_REMINDER_TIMEOUT_MS;
    for (const res of hanging) res.destroy();
    await app?.close();
    await new Promise((resolve) => receiver?.close(resolve));
    if (url) await dropTestDatabase(url);
  });

  it('reminds each overdue item once a day, grouped per owner, whatever became of the incident', async () => {
    const incidentId = randomUUID();
    await app.get(IncidentRecordsService).apply({
      id: randomUUID(),
      type: IncidentEvents.Resolved,
      aggregateId: incidentId,
      occurredAt: '2025-01-01T00:00:00.000Z',
      payload: {
        incidentId, version: 3, number: 1, severity: 'SEV3', status: 'RESOLVED', affectedServices: [], customerImpact: false, source: 'MANUAL',
        startedAt: '2024-12-31T23:00:00.000Z', resolvedAt: '2025-01-01T00:00:00.000Z',
      },
    });
    await app.get(PostmortemsService).create(
      {
        incidentId,
        title: 'long resolved',
        actionItems: [
          { description: 'rotate the keys', owner: 'alice', dueDate: '2025-01-10' },
          { description: 'write the runbook', owner: 'alice', dueDate: '2025-01-14' },
          { description: 'add the alert', owner: 'bob', dueDate: '2025-01-14' },
          { description: 'not yet due', owner: 'bob', dueDate: '2025-01-15' },
          { description: 'nobody owns this', dueDate: '2025-01-01' },
        ],
      },
      'test',
    );
    const reminders = app.get(RemindersService);
    // 15 January 03:00 UTC is still the 14th in New York: only items due before the 14th are overdue there.
    expect(await reminders.sendDue(new Date('2025-01-15T03:00:00Z'))).toEqual({ owners: 2, items: 2, failed: 0 });
    expect(received.map((r) => [r.owner, r.day, r.items.map((i: any) => [i.description, i.daysOverdue])])).toEqual([
      ['alice', '2025-01-14', [['rotate the keys', 4]]],
      [null, '2025-01-14', [['nobody owns this', 13]]],
    ]);

    // Later the same day: nothing new. The next day (in New York), every overdue item again, once.
    received.length = 0;
    expect(await reminders.sendDue(new Date('2025-01-15T04:59:00Z'))).toEqual({ owners: 0, items: 0, failed: 0 });
    answer = 500;
    expect(await reminders.sendDue(new Date('2025-01-15T12:00:00Z'))).toEqual({ owners: 0, items: 0, failed: 3 });
    answer = 200;
    await Promise.all([reminders.sendDue(new Date('2025-01-15T12:00:00Z')), reminders.sendDue(new Date('2025-01-15T12:00:00Z'))]);
    const owners = received.map((r) => r.owner);
    expect(owners.sort()).toEqual(['alice', 'bob', null].sort());
    expect(received.find((r) => r.owner === 'alice').items.map((i: any) => i.description)).toEqual(['rotate the keys', 'write the runbook']);
    expect(received.find((r) => r.owner === 'bob').items.map((i: any) => i.description)).toEqual(['add the alert']);
  });

  it('gives up on a receiver that does not answer within ACTION_ITEM_REMINDER_TIMEOUT_MS, and sends the reminder on the next pass', async () => {
    const incidentId = randomUUID();
    await app.get(IncidentRecordsService).apply({
      id: randomUUID(),
      type: IncidentEvents.Resolved,
      aggregateId: incidentId,
      occurredAt: '2025-05-01T00:00:00.000Z',
      payload: {
        incidentId, version: 3, number: 2, severity: 'SEV3', status: 'RESOLVED', affectedServices: [], customerImpact: false, source: 'MANUAL',
        startedAt: '2025-04-30T23:00:00.000Z', resolvedAt: '2025-05-01T00:00:00.000Z',
      },
    });
    await app.get(PostmortemsService).create(
      { incidentId, title: 'slow receiver', actionItems: [{ description: 'renew the certificate', owner: 'carol', dueDate: '2025-05-20' }] },
      'test',
    );
    const reminders = app.get(RemindersService);
    const day = new Date('2025-06-01T12:00:00Z');
    hang = true;
    const timedOut = await reminders.sendDue(day);
    expect(timedOut).toMatchObject({ owners: 0, items: 0 });
    expect(timedOut.failed).toBeGreaterThan(0);
    expect(hanging.length).toBe(timedOut.failed);
    hang = false;
    received.length = 0;
    await reminders.sendDue(day);
    expect(received.find((r) => r.owner === 'carol')).toMatchObject({ day: '2025-06-01', items: [{ description: 'renew the certificate', daysOverdue: 12 }] });
  });
});
