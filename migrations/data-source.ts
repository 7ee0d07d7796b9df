import { postgresOptions } from '@companyos/platform';
import { DataSource } from 'typeorm';
import { ACCESS_ENTITIES } from '../apps/access/src/access.entities';
import { ALERTS_ENTITIES } from '../apps/alerts/src/alerts.entities';
import { BUILDS_ENTITIES } from '../apps/builds/src/builds.entities';
import { DEPLOYMENTS_ENTITIES } from '../apps/deployments/src/deployments.entities';
import { GATEWAY_ENTITIES } from '../apps/gateway/src/gateway.entities';
import { INCIDENTS_ENTITIES } from '../apps/incidents/src/incidents.entities';
import { RUNBOOKS_ENTITIES } from '../apps/runbooks/src/runbooks.entities';
import { KNOWLEDGE_ENTITIES } from '../apps/knowledge/src/knowledge.entities';
import { MIGRATIONS } from './index';

/**
 * Tooling only: the domains' entities and the one ordered migration stream.
 * Apps never use this; each connects with its own entities.
 */
export const ENTITIES_BY_SCHEMA = {
  ingest: GATEWAY_ENTITIES,
  incidents: INCIDENTS_ENTITIES,
  alerts: ALERTS_ENTITIES,
  deployments: DEPLOYMENTS_ENTITIES,
  access: ACCESS_ENTITIES,
  runbooks: RUNBOOKS_ENTITIES,
  builds: BUILDS_ENTITIES,
  knowledge: KNOWLEDGE_ENTITIES,
};

export const ALL_ENTITIES = Object.values(ENTITIES_BY_SCHEMA).flat();

export const createMigrationDataSource = (url: string, entities = ALL_ENTITIES) =>
  new DataSource({
    ...postgresOptions(url),
    entities,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
  });

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/companyos';

// For `typeorm migration:generate -d dist/migrations/data-source.js` (see the
// README): MIGRATION_SCHEMA limits generation to one schema's folder.
const schema = process.env.MIGRATION_SCHEMA as keyof typeof ENTITIES_BY_SCHEMA | undefined;
export default createMigrationDataSource(
  process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL,
  schema ? ENTITIES_BY_SCHEMA[schema] : ALL_ENTITIES,
);
