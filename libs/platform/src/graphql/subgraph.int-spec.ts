import { createTestApp, createTestDatabase, dropTestDatabase, signedSubgraphRequest, subgraphHeaders, TEST_SUBGRAPH_SECRET, testPlatformConfig, waitFor } from '@companyos/testing';
import { INestApplication, Logger, Module } from '@nestjs/common';
import { Args, Directive, Field, ID, Mutation, ObjectType, Parent, Query, ResolveField, Resolver, ResolveReference } from '@nestjs/graphql';
import type IORedis from 'ioredis';
import request from 'supertest';
import { RequiresRole } from '../auth/requires-role';
import { DatabaseModule } from '../database/database.module';
import { DomainError } from '../errors/domain-error';
import { REDIS_CLIENT } from '../messaging/messaging.module';
import { PlatformModule } from '../platform.module';
import { signedRequestHeaders } from './gateway-signature';
import { SubgraphModule } from './subgraph.module';

// What the subgraph helper gives every app, on a small subgraph of its own
// (an entity with a field for admins, a field that fails as the domain
// says, one that fails unexpectedly, and a mutation that writes), booted
// with the real platform module, real Postgres and Redis.

@ObjectType()
@Directive('@key(fields: "id")')
class Widget {
  @Field(() => ID)
  id: string;
}

/** What the widget subgraph has done: a mutation that ran appends here. */
const written: string[] = [];

@Resolver(() => Widget)
class WidgetsResolver {
  @Query(() => Widget)
  widget(@Args('id') id: string): Widget {
    return { id };
  }

  @Mutation(() => Widget)
  @RequiresRole('responder')
  renameWidget(@Args('id') id: string): Widget {
    written.push(id);
    return { id };
  }

  @ResolveReference()
  resolveReference(reference: { id: string }): Widget {
    return { id: reference.id };
  }

  @ResolveField(() => String)
  @RequiresRole('admin')
  secret(@Parent() widget: Widget): string {
    return `secret of ${widget.id}`;
  }

  @ResolveField(() => String)
  label(@Parent() widget: Widget): string {
    return `widget ${widget.id}`;
  }

  @ResolveField(() => String)
  period(): string {
    throw new DomainError('INVALID_PERIOD', 'from must be before to');
  }

  @ResolveField(() => String)
  broken(): string {
    throw new Error('relation "widgets" does not exist: SELECT * FROM widgets (postgres://app:hunter2@db:5432/companyos)');
  }
}

@Module({ providers: [WidgetsResolver] })
class WidgetsModule {}

const widgetsApp = (env: Record<string, string> = {}) => {
  const config = testPlatformConfig('widgets', { PORT: '4999', ...env });
  @Module({ imports: [PlatformModule.forRoot(config), DatabaseModule.forRoot([]), SubgraphModule.forRoot(), WidgetsModule] })
  class WidgetsAppModule {}
  return createTestApp({ module: WidgetsAppModule });
};

describe('SubgraphModule (every subgraph)', () => {
  let url: string;
  let app: INestApplication;

  beforeAll(async () => {
    url = await createTestDatabase();
    app = await widgetsApp({ DATABASE_URL: url });
  });

  afterAll(async () => {
    await app?.close();
    if (url) await dropTestDatabase(url);
  });

  const send = ({ headers, body }: { headers: Record<string, string>; body: string }) => request(app.getHttpServer()).post('/graphql').set(headers).send(body);
  const asRole = (payload: unknown, role: 'viewer' | 'responder' | 'admin', actor = `a-${role}`) => send(signedSubgraphRequest('widgets', payload, { actor, role }));
  const entities = (selection: string) => ({
    query: `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Widget { ${selection} } } }`,
    variables: { r: [{ __typename: 'Widget', id: 'w1' }] },
  });

  describe('roles on fields and entity references', () => {
    it('refuses a viewer an admin field through _entities, and through a query', async () => {
      const viaEntities = await asRole(entities('id secret'), 'viewer').expect(200);
      expect(viaEntities.body.errors).toEqual([
        expect.objectContaining({ message: 'Widget.secret requires the admin role; a-viewer has viewer', extensions: expect.objectContaining({ code: 'FORBIDDEN' }) }),
      ]);
      expect(viaEntities.body.data._entities).toEqual([null]);
      const viaQuery = await asRole({ query: '{ widget(id: "w2") { secret } }' }, 'viewer').expect(200);
      expect(viaQuery.body.errors[0].extensions.code).toBe('FORBIDDEN');
    });

    it('lets an admin read it, and a viewer read an undeclared field (fields default to viewer)', async () => {
      expect((await asRole(entities('id secret'), 'admin').expect(200)).body).toEqual({ data: { _entities: [{ id: 'w1', secret: 'secret of w1' }] } });
      expect((await asRole(entities('id label'), 'viewer').expect(200)).body).toEqual({ data: { _entities: [{ id: 'w1', label: 'widget w1' }] } });
    });
  });

  describe('errors in fields', () => {
    it('keeps a DomainError’s code', async () => {
      const response = await asRole(entities('period'), 'viewer').expect(200);
      expect(response.body.errors[0]).toMatchObject({ message: 'from must be before to', extensions: { code: 'INVALID_PERIOD', status: 400 } });
    });

    it('masks an unexpected error as INTERNAL, and logs it with its stack', async () => {
      const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
      try {
        const response = await asRole({ query: '{ widget(id: "w3") { broken } }' }, 'viewer').expect(200);
        expect(response.body.errors[0]).toMatchObject({ message: 'Internal server error', extensions: { code: 'INTERNAL' } });
        expect(JSON.stringify(response.body)).not.toMatch(/SELECT|hunter2|postgres:|stack|at /);
        expect(logged).toHaveBeenCalledWith('unexpected error in broken', expect.stringContaining('relation "widgets" does not exist'));
      } finally {
        logged.mockRestore();
      }
    });
  });

  describe('signed requests', () => {
    it('acts on a request signed for this subgraph, once', async () => {
      const signed = signedSubgraphRequest('widgets', rename('once'), { role: 'responder' });
      expect((await send(signed).expect(200)).body).toEqual({ data: { renameWidget: { id: 'once' } } });
      const replay = await send(signed).expect(401);
      expect(replay.body.errors[0]).toMatchObject({ message: expect.stringMatching(/already received/), extensions: { code: 'UNAUTHENTICATED' } });
      expect(written.filter((id) => id === 'once')).toHaveLength(1);
    });

    it('refuses a request signed for another subgraph, a changed body and another path: 401, nothing written', async () => {
      const body = JSON.stringify(rename('elsewhere'));
      const forIncidents = { 'content-type': 'application/json', ...subgraphHeaders('incidents', body, { role: 'admin' }) };
      expect((await send({ headers: forIncidents, body }).expect(401)).body.errors[0].message).toMatch(/signed for another subgraph/);
      const signed = signedSubgraphRequest('widgets', rename('harmless'), { role: 'responder' });
      await send({ headers: signed.headers, body: signed.body.replace('harmless', 'changed') }).expect(401);
      const otherPath = signedRequestHeaders(TEST_SUBGRAPH_SECRET, { subgraph: 'widgets', method: 'POST', url: '/internal/x', body, principal: { id: 'x', name: 'x', role: 'admin' } });
      await send({ headers: { 'content-type': 'application/json', ...otherPath }, body }).expect(401);
      expect(written).not.toEqual(expect.arrayContaining(['elsewhere', 'changed', 'harmless']));
    });

    it('carries any name as written', async () => {
      for (const name of ['Łukasz', '田中']) {
        const response = await send(signedSubgraphRequest('widgets', { query: '{ widget(id: "n") { label } }' }, { actor: name, role: 'viewer' })).expect(200);
        expect(response.body.data).toEqual({ widget: { label: 'widget n' } });
      }
    });
  });

  // Last: it takes this app's Redis client away, then gives it back.
  it('refuses signed requests with 503 while Redis cannot say whether a nonce is new (fails closed)', async () => {
    const redis = app.get<IORedis>(REDIS_CLIENT);
    redis.disconnect();
    try {
      const signed = signedSubgraphRequest('widgets', rename('no-redis'), { role: 'responder' });
      const response = await send(signed).expect(503);
      expect(response.body.errors[0].message).toMatch(/cannot be checked for replay/);
      expect(written).not.toContain('no-redis');
    } finally {
      // Reconnect unless the client already has (its status may have moved on by itself meanwhile).
      if (redis.status === 'end' || redis.status === 'close') await redis.connect();
      await waitFor('the Redis client ready again', async () => redis.status === 'ready');
    }
    const signed = signedSubgraphRequest('widgets', rename('redis-back'), { role: 'responder' });
    await send(signed).expect(200);
    expect(written).toContain('redis-back');
  });

  function rename(id: string) {
    return { query: `mutation { renameWidget(id: "${id}") { id } }` };
  }
});
