import { printSubgraphSchema } from '@apollo/subgraph';
import { loadPlatformConfig, PlatformConfig } from '@companyos/platform';
import { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { SUBGRAPHS, SubgraphName } from './supergraph';

/** Each subgraph's root module, imported only when asked for (one subgraph per process). */
const MODULES: Record<SubgraphName, () => Promise<(config: PlatformConfig) => DynamicModule>> = {
  incidents: async () => {
    const { IncidentsAppModule } = await import('../apps/incidents/src/incidents.app.module');
    return (config) => IncidentsAppModule.forRoot(config);
  },
  deployments: async () => {
    const { DeploymentsAppModule } = await import('../apps/deployments/src/deployments.app.module');
    return (config) => DeploymentsAppModule.forRoot(config);
  },
  alerts: async () => {
    const { AlertsAppModule } = await import('../apps/alerts/src/alerts.app.module');
    return (config) => AlertsAppModule.forRoot(config);
  },
  runbooks: async () => {
    const { RunbooksAppModule } = await import('../apps/runbooks/src/runbooks.app.module');
    return (config) => RunbooksAppModule.forRoot(config);
  },
  builds: async () => {
    const { BuildsAppModule } = await import('../apps/builds/src/builds.app.module');
    return (config) => BuildsAppModule.forRoot(config);
  },
  knowledge: async () => {
    const { KnowledgeAppModule } = await import('../apps/knowledge/src/knowledge.app.module');
    return (config) => KnowledgeAppModule.forRoot(config);
  },
  access: async () => {
    const { AccessAppModule } = await import('../apps/access/src/access.app.module');
    return (config) => AccessAppModule.forRoot(config);
  },
};

/**
 * `node dist/scripts/subgraph-sdl.js <name>`: boots the subgraph's API (no
 * HTTP listener, no workers) against DATABASE_URL / REDIS_URL and prints its
 * federation SDL to stdout.
 */
async function main(name: string) {
  const subgraph = SUBGRAPHS.find((each) => each.name === name);
  if (!subgraph) throw new Error(`unknown subgraph "${name}" (known: ${SUBGRAPHS.map((each) => each.name).join(', ')})`);
  // The app never listens here (only its schema is read), so no request is ever checked against this secret.
  const config = loadPlatformConfig(subgraph.name, subgraph.port, { SUBGRAPH_SECRET: 'unused: the SDL is read without serving requests', ...process.env, ROLE: 'api', LOG_LEVEL: 'error' });
  const app = await NestFactory.create((await MODULES[subgraph.name]())(config), { logger: ['error'] });
  try {
    await app.init();
    process.stdout.write(printSubgraphSchema(app.get(GraphQLSchemaHost).schema));
  } finally {
    await app.close();
  }
}

main(process.argv[2]).then(
  () => process.exit(0),
  (error: Error) => {
    console.error(error.message);
    process.exit(1);
  },
);
