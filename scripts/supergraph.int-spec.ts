import { createTestDatabase, dropTestDatabase } from '@companyos/testing';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeSupergraph } from './supergraph';

describe('the committed supergraph', () => {
  let url: string;

  beforeAll(async () => {
    url = await createTestDatabase();
  });

  afterAll(() => dropTestDatabase(url));

  it('composes from the subgraphs and matches apps/gateway/supergraph.graphql (else run `npm run compose`)', async () => {
    const composed = await composeSupergraph({ ...process.env, DATABASE_URL: url, LOG_LEVEL: 'error' });
    const committed = readFileSync(join(__dirname, '..', 'apps', 'gateway', 'supergraph.graphql'), 'utf8');
    expect(committed).toBe(composed);
  });
});
