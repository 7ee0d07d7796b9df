import { parseEnv, positiveInt, url } from '@companyos/platform';
import { Inject } from '@nestjs/common';
import { ConfigType, registerAs } from '@nestjs/config';
import { z } from 'zod';

/** The gateway's own settings, validated at boot (each error names its variable). */
export const gatewayConfig = registerAs('gateway', () => {
  const env = parseEnv({
    GITHUB_WEBHOOK_SECRET: z.string({ required_error: 'is required (the secret set on the GitHub webhook)' }).min(8, 'must be at least 8 characters'),
    ALERTMANAGER_WEBHOOK_TOKEN: z
      .string({ required_error: 'is required (the bearer token set in Alertmanager\'s webhook_configs)' })
      .min(16, 'must be at least 16 characters'),
    WEBHOOK_MAX_BODY_BYTES: positiveInt(25 * 1024 * 1024),
    API_MAX_BODY_BYTES: positiveInt(1024 * 1024),
    SUBGRAPH_INCIDENTS_URL: url('http://127.0.0.1:4001/graphql', ['http:', 'https:']),
    SUBGRAPH_DEPLOYMENTS_URL: url('http://127.0.0.1:4002/graphql', ['http:', 'https:']),
    SUBGRAPH_ALERTS_URL: url('http://127.0.0.1:4003/graphql', ['http:', 'https:']),
    GRAPHQL_INTROSPECTION: z.enum(['true', 'false']).optional(),
    NODE_ENV: z.string().default('development'),
  });
  return {
    githubWebhookSecret: env.GITHUB_WEBHOOK_SECRET,
    alertmanagerWebhookToken: env.ALERTMANAGER_WEBHOOK_TOKEN,
    webhookMaxBodyBytes: env.WEBHOOK_MAX_BODY_BYTES,
    apiMaxBodyBytes: env.API_MAX_BODY_BYTES,
    /** Where each subgraph of the committed supergraph runs here. */
    subgraphUrls: {
      incidents: env.SUBGRAPH_INCIDENTS_URL,
      deployments: env.SUBGRAPH_DEPLOYMENTS_URL,
      alerts: env.SUBGRAPH_ALERTS_URL,
    } as Record<string, string>,
    introspection: env.GRAPHQL_INTROSPECTION ? env.GRAPHQL_INTROSPECTION === 'true' : env.NODE_ENV !== 'production',
  };
});

export type GatewayConfig = ConfigType<typeof gatewayConfig>;
export const InjectGatewayConfig = () => Inject(gatewayConfig.KEY);
