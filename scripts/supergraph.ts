import { composeServices } from '@apollo/composition';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'graphql';

/**
 * Every subgraph of the platform; the gateway's supergraph is composed from
 * these. Each is described by name only: its SDL is printed by its own
 * process (scripts/subgraph-sdl.ts), because @nestjs/graphql keeps type
 * metadata per process and two subgraphs share type names (Service, Incident).
 */
export const SUBGRAPHS = [
  { name: 'incidents', port: 4001 },
  { name: 'deployments', port: 4002 },
  { name: 'alerts', port: 4003 },
  { name: 'runbooks', port: 4004 },
  { name: 'builds', port: 4006 },
  { name: 'knowledge', port: 4005 },
  { name: 'access', port: 4007 },
] as const;

export type SubgraphName = (typeof SUBGRAPHS)[number]['name'];

const run = promisify(execFile);

/** A subgraph's federation SDL, printed by the built scripts/subgraph-sdl.js in a process of its own. */
export async function subgraphSdl(name: SubgraphName, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const dist = __dirname.endsWith(join('dist', 'scripts')) ? join(__dirname, '..') : join(__dirname, '..', 'dist');
  const script = join(dist, 'scripts', 'subgraph-sdl.js');
  const { stdout } = await run(process.execPath, [script, name], { env, maxBuffer: 16 * 1024 * 1024 });
  return stdout;
}

/** Composes the supergraph from every subgraph's SDL, or throws with the composition errors. */
export async function composeSupergraph(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const services = await Promise.all(
    SUBGRAPHS.map(async ({ name, port }) => ({
      name,
      url: `http://127.0.0.1:${port}/graphql`,
      typeDefs: parse(await subgraphSdl(name, env)),
    })),
  );
  const result = composeServices(services);
  if (result.errors) {
    throw new Error(`supergraph does not compose:\n${result.errors.map((e) => `  ${e.message}`).join('\n')}`);
  }
  return result.supergraphSdl;
}
