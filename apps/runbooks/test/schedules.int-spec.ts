import type { AccessRole } from '@companyos/contracts';
import { createTestApp, createTestDatabase, dropTestDatabase, subgraphHeaders, testPlatformConfig } from '@companyos/testing';
import { INestApplication } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { RunbooksAppModule } from '../src/runbooks.app.module';

// On-call schedules through the runbooks subgraph's GraphQL, on real PostgreSQL:
// definitions stored as versions and overrides, the final schedule computed
// from them (the rules themselves are unit-tested in schedule.rules.spec.ts).
describe('on-call schedules (real PostgreSQL)', () => {
  let url: string;
  let app: INestApplication;

  beforeAll(async () => {
    url = await createTestDatabase();
    app = await createTestApp(RunbooksAppModule.forRoot(testPlatformConfig('runbooks', { PORT: '4004', DATABASE_URL: url, ROLE: 'api' })));
  });

  afterAll(async () => {
    await app?.close();
    if (url) await dropTestDatabase(url);
  });

  const graphql = async (query: string, variables: Record<string, unknown> = {}, role: AccessRole = 'admin') =>
    (await request(app.getHttpServer()).post('/graphql').set('content-type', 'application/json').set(subgraphHeaders('runbooks', JSON.stringify({ query, variables }), { actor: 'sam@example.com', role })).send(JSON.stringify({ query, variables })).expect(200)).body as {
      data?: any;
      errors?: any[];
    };
  const ok = async (query: string, variables: Record<string, unknown> = {}, role: AccessRole = 'admin') => {
    const { data, errors } = await graphql(query, variables, role);
    if (errors) throw new Error(JSON.stringify(errors));
    return data;
  };
  const unique = (name: string) => `${name}-${randomBytes(3).toString('hex')}`;

  const CREATE = 'mutation ($input: CreateScheduleInput!) { createSchedule(input: $input) { name timeZone services layers { name rotation { handoffTime every unit } } } }';
  const weekly = (members: string[][], handoffTime = '09:00') => ({
    name: 'primary',
    priority: 1,
    members,
    rotation: { handoffTime, every: 1, unit: 'WEEKS', startsAt: '2026-03-02T08:00:00Z' }, // Monday 09:00 in Berlin
  });

  it('refuses bad definitions with a message naming the field, and non-admins', async () => {
    const bad = await graphql(CREATE, { input: { name: unique('bad'), timeZone: 'Mars/Olympus', layers: [weekly([['ann']], '25:00')] } });
    expect(bad.errors?.[0].extensions.code).toBe('INVALID_SCHEDULE');
    expect(bad.errors?.[0].message).toBe(
      'timeZone: "Mars/Olympus" is not an IANA time zone (e.g. Europe/Berlin); layers.0.rotation.handoffTime: "25:00" must be HH:MM between 00:00 and 23:59',
    );
    const responder = await graphql(CREATE, { input: { name: unique('x'), timeZone: 'UTC', layers: [weekly([['ann']])] } }, 'responder');
    expect(responder.errors?.[0].extensions.code).toBe('FORBIDDEN');
  });

  it('answers who is on call, with overrides, edits from an instant, shifts with warnings, gaps, Service.onCall and Incident.onCall', async () => {
    const name = unique('platform');
    const service = unique('svc');
    await ok(CREATE, { input: { name, timeZone: 'Europe/Berlin', services: [service], layers: [weekly([['ann'], ['bob'], ['cat']])] } });
    const dup = await graphql(CREATE, { input: { name, timeZone: 'UTC', layers: [weekly([['ann']])] } });
    expect(dup.errors?.[0].extensions.code).toBe('SCHEDULE_NAME_TAKEN');

    const ON_CALL = 'query ($s: String, $svc: String, $at: DateTime) { onCall(schedule: $s, service: $svc, at: $at) { schedule user layer from to isOverride } }';
    // Monday 23 March 09:00 Berlin → 30 March 09:00 (after the spring change): ann's turn (third since 2 March: ann, bob, cat, ann).
    expect((await ok(ON_CALL, { s: name, at: '2026-03-25T12:00:00Z' })).onCall).toEqual([
      { schedule: name, user: 'ann', layer: 'primary', from: '2026-03-23T08:00:00.000Z', to: '2026-03-30T07:00:00.000Z', isOverride: false },
    ]);

    // An override that ends before it starts names the field.
    const OVERRIDE = 'mutation ($s: String!, $input: ScheduleOverrideInput!) { addScheduleOverride(schedule: $s, input: $input) { user from to } }';
    const backwards = await graphql(OVERRIDE, { s: name, input: { user: 'dan', from: '2026-03-25T10:00:00Z', to: '2026-03-25T09:00:00Z' } });
    expect(backwards.errors?.[0]).toMatchObject({ message: expect.stringMatching(/^to: .* must be after from/), extensions: { code: 'INVALID_SCHEDULE_OVERRIDE' } });
    await ok(OVERRIDE, { s: name, input: { user: 'dan', from: '2026-03-25T10:00:00Z', to: '2026-03-25T14:00:00Z' } });
    expect((await ok(ON_CALL, { svc: service, at: '2026-03-25T12:00:00Z' })).onCall).toEqual([
      { schedule: name, user: 'dan', layer: 'override', from: '2026-03-25T10:00:00.000Z', to: '2026-03-25T14:00:00.000Z', isOverride: true },
    ]);

    // An edit from 1 April: before it, the old rotation; after, the new one.
    await ok('mutation ($s: String!, $input: UpdateScheduleInput!) { updateSchedule(name: $s, input: $input) { name } }', {
      s: name,
      input: { layers: [weekly([['zed']])], effectiveFrom: '2026-04-01T00:00:00Z' },
    });
    expect((await ok(ON_CALL, { s: name, at: '2026-03-31T12:00:00Z' })).onCall.map((s: any) => s.user)).toEqual(['bob']);
    expect((await ok(ON_CALL, { s: name, at: '2026-04-02T12:00:00Z' })).onCall.map((s: any) => s.user)).toEqual(['zed']);
    const history = (await ok('query ($s: String!) { schedule(name: $s) { history { effectiveFrom layers { members } } } }', { s: name })).schedule.history;
    expect(history.map((v: any) => v.layers[0].members)).toEqual([[['ann'], ['bob'], ['cat']], [['zed']]]);
    const early = await graphql('mutation ($s: String!, $input: UpdateScheduleInput!) { updateSchedule(name: $s, input: $input) { name } }', {
      s: name,
      input: { layers: [weekly([['x']])], effectiveFrom: '2026-03-01T00:00:00Z' },
    });
    expect(early.errors?.[0].extensions.code).toBe('INVALID_SCHEDULE_EDIT');

    // A daily 02:30 layer over the spring-forward day: the shift list carries a warning.
    const nightly = unique('nightly');
    await ok(CREATE, {
      input: { name: nightly, timeZone: 'Europe/Berlin', layers: [{ name: 'night', members: [['ann'], ['bob']], rotation: { handoffTime: '02:30', every: 1, unit: 'DAYS', startsAt: '2026-03-01T01:30:00Z' } }] },
    });
    const shifts = (
      await ok('query ($s: String!) { scheduleShifts(schedule: $s, from: "2026-03-28T12:00:00Z", to: "2026-03-30T12:00:00Z") { shifts { user from to } warnings { at message } } }', { s: nightly })
    ).scheduleShifts;
    expect(shifts.shifts.map((s: any) => s.from)).toContain('2026-03-29T01:00:00.000Z');
    expect(shifts.warnings).toEqual([
      { at: '2026-03-29T01:00:00.000Z', message: 'hand-off at 02:30 on 2026-03-29 does not exist in Europe/Berlin (clocks go forward); moved to 03:00' },
    ]);

    // A layer restricted to Monday 09–17 leaves gaps.
    const office = unique('office');
    await ok(CREATE, {
      input: {
        name: office,
        timeZone: 'UTC',
        layers: [
          {
            name: 'office',
            members: [['ann']],
            rotation: { handoffTime: '00:00', every: 1, unit: 'WEEKS', startsAt: '2026-05-04T00:00:00Z' },
            restrictions: [{ startDay: 'MONDAY', startTime: '09:00', endDay: 'MONDAY', endTime: '17:00' }],
          },
        ],
      },
    });
    const gapsFound = (await ok('query ($s: String!) { scheduleGaps(schedule: $s, from: "2026-05-04T00:00:00Z", to: "2026-05-05T00:00:00Z") { from to } }', { s: office })).scheduleGaps;
    expect(gapsFound).toEqual([
      { from: '2026-05-04T00:00:00.000Z', to: '2026-05-04T09:00:00.000Z' },
      { from: '2026-05-04T17:00:00.000Z', to: '2026-05-05T00:00:00.000Z' },
    ]);
    const tooLong = await graphql('query ($s: String!) { scheduleGaps(schedule: $s, from: "2026-01-01T00:00:00Z", to: "2028-01-01T00:00:00Z") { from } }', { s: office });
    expect(tooLong.errors?.[0].extensions.code).toBe('INVALID_SCHEDULE_PERIOD');

    // Service.onCall (now) and Incident.onCall (at the incident's start, as the gateway asks with affectedServices and startedAt).
    const service2 = (await ok('query ($svc: String!) { service(name: $svc) { onCall { schedule } } }', { svc: service })).service;
    expect(service2.onCall).toEqual([{ schedule: name }]);
    const entities = await ok(
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Incident { onCall { user isOverride } } } }',
      { r: [{ __typename: 'Incident', id: randomUUID(), affectedServices: [service], startedAt: '2026-03-25T11:00:00.000Z' }] },
      'viewer',
    );
    expect(entities._entities[0].onCall).toEqual([{ user: 'dan', isOverride: true }]);
  });
});
