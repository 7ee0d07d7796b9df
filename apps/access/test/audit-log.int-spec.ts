import { AuditEvents, AuditRecord } from '@companyos/contracts';
import { DomainEvent, QueueRegistry, Queues } from '@companyos/platform';
import { createTestApp, createTestDatabase, dropTestDatabase, signedSubgraphRequest, testPlatformConfig, waitFor } from '@companyos/testing';
import { INestApplication } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AccessAppModule } from '../src/access.app.module';
import { AuditLogService } from '../src/audit-log/audit-log.service';

// The audit trail on real PostgreSQL and Redis: records arrive on the real
// access.audit queue (as the gateway's outbox relays them), are
// stored once, cannot be changed, and are read newest first over GraphQL.
describe('audit log (real PostgreSQL and Redis)', () => {
  let url: string;
  let app: INestApplication;
  let auditLog: AuditLogService;
  let queues: QueueRegistry;
  let db: DataSource;

  beforeAll(async () => {
    url = await createTestDatabase();
    app = await createTestApp(AccessAppModule.forRoot(testPlatformConfig('access', { PORT: '4007', DATABASE_URL: url, ROLE: 'all' })));
    auditLog = app.get(AuditLogService);
    queues = app.get(QueueRegistry);
    db = app.get(DataSource);
  });

  afterAll(async () => {
    await app?.close();
    if (url) await dropTestDatabase(url);
  });

  // ---- factories and probes -----------------------------------------------

  /** A principal of its own per test, so filters see only that test's records. */
  const aPrincipal = () => `alice-${randomBytes(4).toString('hex')}@example.com`;

  const aRecord = (overrides: Partial<AuditRecord> = {}): AuditRecord => ({
    id: randomUUID(),
    occurredAt: new Date().toISOString(),
    principalId: 'alice@example.com',
    principalName: 'alice@example.com',
    role: 'responder',
    via: 'jwt',
    clientIp: '10.1.2.3',
    operation: 'mutation acknowledgeAlert',
    fields: ['acknowledgeAlert'],
    targetIds: [randomUUID()],
    outcome: 'ALLOWED',
    code: null,
    detail: null,
    ...overrides,
  });

  /** As the gateway's outbox relay sends it: an audit.recorded event, job id = event id = record id. */
  const asEvent = (record: AuditRecord): DomainEvent<AuditRecord> => ({
    id: record.id,
    type: AuditEvents.Recorded,
    aggregateId: record.principalId ?? 'anonymous',
    occurredAt: record.occurredAt,
    payload: record,
  });

  const enqueue = (data: unknown, jobId: string) => queues.enqueue(Queues.AccessAudit, [{ name: AuditEvents.Recorded, data, opts: { jobId } }]);

  const rowsOf = (id: string): Promise<Record<string, any>[]> => db.query('SELECT * FROM access.audit_events WHERE id = $1', [id]);

  const stored = (id: string) => waitFor(`audit record ${id}`, async () => (await rowsOf(id)).length > 0);

  const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

  const AUDIT_LOG = `query ($filter: AuditLogFilter, $first: Int, $after: String) {
    auditLog(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes { id occurredAt recordedAt principalId principalName role via clientIp operation fields targetIds outcome code detail }
    }
  }`;

  const auditLogPage = async (variables: Record<string, unknown>) => {
    const signed = signedSubgraphRequest('access', { query: AUDIT_LOG, variables }, { actor: 'root@example.com', role: 'admin' });
    const response = await request(app.getHttpServer()).post('/graphql').set(signed.headers).send(signed.body).expect(200);
    expect(response.body.errors).toBeUndefined();
    return response.body.data.auditLog as { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: Record<string, any>[] };
  };

  const idsOf = async (filter: Record<string, unknown>) => (await auditLogPage({ filter, first: 200 })).nodes.map((node) => node.id);

  // ---- tests --------------------------------------------------------------

  it('stores a record relayed on the queue with everything its producer said', async () => {
    const record = aRecord({ outcome: 'DENIED', code: 'FORBIDDEN', detail: 'Mutation.createSlo requires the admin role', via: 'api-token' });
    await enqueue(asEvent(record), record.id);
    await stored(record.id);
    const [row] = await rowsOf(record.id);
    expect(row).toMatchObject({
      principal_id: record.principalId,
      principal_name: record.principalName,
      role: 'responder',
      via: 'api-token',
      client_ip: '10.1.2.3',
      operation: record.operation,
      fields: record.fields,
      target_ids: record.targetIds,
      outcome: 'DENIED',
      code: 'FORBIDDEN',
      detail: record.detail,
    });
    expect(row.occurred_at.toISOString()).toBe(record.occurredAt);
    expect(row.recorded_at).toBeInstanceOf(Date);
  });

  it('stores a record once, however often it is delivered', async () => {
    const record = aRecord();
    // The same job twice (BullMQ keeps one), then another delivery under another job id (a relay that republished).
    const completed = (jobId: string) => async () => (await queues.get(Queues.AccessAudit).getJobState(jobId)) === 'completed';
    await enqueue(asEvent(record), record.id);
    await enqueue(asEvent(record), record.id);
    // The republished copy comes after the first was stored (as a relay's would): at worker concurrency 8, sent at once, either could win.
    await waitFor('the first delivery processed', completed(record.id));
    await enqueue(asEvent({ ...record, detail: 'a changed copy' }), `${record.id}-again`);
    await waitFor('the republished delivery processed', completed(`${record.id}-again`));
    const rows = await rowsOf(record.id);
    expect(rows).toHaveLength(1);
    expect(rows[0].detail).toBeNull();
    expect(await auditLog.append(record)).toBe(false);
    expect(await rowsOf(record.id)).toHaveLength(1);
  });

  it('refuses UPDATE, DELETE and TRUNCATE of the audit trail, naming the table', async () => {
    const record = aRecord();
    expect(await auditLog.append(record)).toBe(true);
    await expect(db.query(`UPDATE access.audit_events SET outcome = 'DENIED' WHERE id = $1`, [record.id])).rejects.toThrow(
      'access.audit_events is append-only: UPDATE is not allowed',
    );
    await expect(db.query('DELETE FROM access.audit_events WHERE id = $1', [record.id])).rejects.toThrow(
      'access.audit_events is append-only: DELETE is not allowed',
    );
    await expect(db.query('TRUNCATE access.audit_events')).rejects.toThrow('access.audit_events is append-only: TRUNCATE is not allowed');
    expect(await rowsOf(record.id)).toMatchObject([{ outcome: 'ALLOWED' }]);
  });

  it('reads newest first (by when it happened, not when it arrived), page by page', async () => {
    const principalId = aPrincipal();
    // Appended out of order: minutes ago 5, 1, 3, 2, 4, and a second record at the same moment as 3.
    const at = (minutes: number, overrides: Partial<AuditRecord> = {}) => aRecord({ principalId, occurredAt: minutesAgo(minutes), ...overrides });
    const three = minutesAgo(3);
    const records = [at(5), at(1), aRecord({ principalId, occurredAt: three }), at(2), at(4), aRecord({ principalId, occurredAt: three })];
    for (const record of records) await auditLog.append(record);
    const expected = [records[1], records[3], records[5], records[2], records[4], records[0]].map((record) => record.id);

    const first = await auditLogPage({ filter: { principalId }, first: 4 });
    expect(first.totalCount).toBe(6);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await auditLogPage({ filter: { principalId }, first: 4, after: first.pageInfo.endCursor });
    expect(second.pageInfo).toEqual({ hasNextPage: false, endCursor: expect.any(String) });
    expect(second.totalCount).toBe(6);
    expect([...first.nodes, ...second.nodes].map((node) => node.id)).toEqual(expected);

    // A record arriving meanwhile does not shift the pages already read.
    await auditLog.append(at(0));
    const again = await auditLogPage({ filter: { principalId }, first: 4, after: first.pageInfo.endCursor });
    expect(again.nodes.map((node) => node.id)).toEqual(expected.slice(4));
  });

  it('filters by principal, outcome, operation (any part, any case) and time', async () => {
    const principalId = aPrincipal();
    const allowed = aRecord({ principalId, operation: 'mutation createSlo', occurredAt: minutesAgo(30) });
    const denied = aRecord({ principalId, operation: 'mutation createApiToken', outcome: 'DENIED', code: 'FORBIDDEN', occurredAt: minutesAgo(20) });
    const failed = aRecord({ principalId, operation: 'POST /api/companyos/deployments', outcome: 'FAILED', code: 'INTERNAL', occurredAt: minutesAgo(10) });
    const someoneElse = aRecord({ principalId: aPrincipal(), operation: 'mutation createSlo' });
    const literal = aRecord({ principalId, operation: 'mutation create_50%', occurredAt: minutesAgo(40) });
    for (const record of [allowed, denied, failed, someoneElse, literal]) await auditLog.append(record);

    expect(await idsOf({ principalId })).toEqual([failed.id, denied.id, allowed.id, literal.id]);
    expect(await idsOf({ principalId, outcome: 'DENIED' })).toEqual([denied.id]);
    expect(await idsOf({ principalId, operation: 'CREATE' })).toEqual([denied.id, allowed.id, literal.id]);
    expect(await idsOf({ principalId, operation: 'deployments' })).toEqual([failed.id]);
    expect(await idsOf({ principalId, operation: '_50%' })).toEqual([literal.id]);
    expect(await idsOf({ principalId, operation: 'e_S' })).toEqual([]);
    expect(await idsOf({ principalId, from: minutesAgo(25) })).toEqual([failed.id, denied.id]);
    expect(await idsOf({ principalId, from: minutesAgo(35), to: denied.occurredAt })).toEqual([allowed.id]);
    expect(await idsOf({ operation: 'createSlo', principalId: someoneElse.principalId })).toEqual([someoneElse.id]);

    const [node] = (await auditLogPage({ filter: { principalId, outcome: 'FAILED' } })).nodes;
    expect(node).toMatchObject({ id: failed.id, role: 'RESPONDER', via: 'jwt', outcome: 'FAILED', code: 'INTERNAL', fields: failed.fields, targetIds: failed.targetIds });
  });

  it('refuses a period that ends before it starts', async () => {
    const signed = signedSubgraphRequest('access', { query: AUDIT_LOG, variables: { filter: { from: minutesAgo(1), to: minutesAgo(2) } } }, { actor: 'root@example.com' });
    const response = await request(app.getHttpServer()).post('/graphql').set(signed.headers).send(signed.body).expect(200);
    expect(response.body.errors[0].extensions.code).toBe('INVALID_AUDIT_PERIOD');
  });
});
