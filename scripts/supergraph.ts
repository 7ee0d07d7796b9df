import { composeServices } from '@apollo/composition';
import { printSubgraphSchema } from '@apollo/subgraph';
import { loadPlatformConfig, PlatformConfig } from '@companyos/platform';
import { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { parse } from 'graphql';
import { IncidentsAppModule } from '../apps/incidents/src/incidents.app.module';

interface Subgraph {
  name: string;
  port: number;
  module: (config: PlatformConfig) => DynamicModule;
}

/** Every subgraph of the platform; the gateway's supergraph is composed from these. */
export const SUBGRAPHS: Subgraph[] = [
  { name: 'incidents', port: 4001, module: (config) => IncidentsAppModule.forRoot(config) },
];

/** Boots a subgraph's API (no HTTP listener, no workers) and prints its federation SDL. */
export async function subgraphSdl(subgraph: Subgraph, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const config = loadPlatformConfig(subgraph.name, subgraph.port, { ...env, ROLE: 'api' });
  const app = await NestFactory.create(subgraph.module(config), { logger: ['error'] });
  try {
    await app.init();
    return printSubgraphSchema(app.get(GraphQLSchemaHost).schema);
  } finally {
    await app.close();
  }
}

/** Composes the supergraph from every subgraph's SDL, or throws with the composition errors. */
export async function composeSupergraph(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const services = [];
  for (const subgraph of SUBGRAPHS) {
    services.push({
      name: subgraph.name,
      url: `http://127.0.0.1:${subgraph.port}/graphql`,
      typeDefs: parse(await subgraphSdl(subgraph, env)),
    });
  }
  const result = composeServices(services);
  if (result.errors) {
    throw new Error(`supergraph does not compose:\n${result.errors.map((e) => `  ${e.message}`).join('\n')}`);
  }
  return result.supergraphSdl;
}
