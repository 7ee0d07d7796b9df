import { parseEnv, positiveInt, url } from '@companyos/platform';
import { Inject } from '@nestjs/common';
import { ConfigType, registerAs } from '@nestjs/config';
import { z } from 'zod';
import type { QueryLimits } from './graphql/query-limits';

/**
 * Limits every GraphQL operation must keep to (see query-limits.ts). The
 * defaults are several times what the REST facade's real dashboard queries
 * need (a test checks they all pass).
 */
export const DEFAULT_QUERY_LIMITS: QueryLimits = { maxDepth: 12, maxAliases: 30, maxRootFields: 20, maxCost: 50_000 };
/** Lexical tokens the parser reads of one document before giving up (the dashboards' largest query has a few hundred). */
export const DEFAULT_MAX_TOKENS = 5_000;

const DAY_MS = 24 * 3600_000;

/** The gateway's own settings, validated at boot (each error names its variable). */
export const gatewayConfig = registerAs('gateway', () => {
  const env = parseEnv({
    GITHUB_WEBHOOK_SECRET: z.string({ required_error: 'is required (the secret set on the GitHub webhook)' }).min(8, 'must be at least 8 characters'),
    ALERTMANAGER_WEBHOOK_TOKEN: z
      .string({ required_error: 'is required (the bearer token set in Alertmanager\'s webhook_configs)' })
      .min(16, 'must be at least 16 characters'),
    WEBHOOK_MAX_BODY_BYTES: positiveInt(25 * 1024 * 1024),
    API_MAX_BODY_BYTES: positiveInt(1024 * 1024),
    TEST_REPORT_MAX_BYTES: positiveInt(30 * 1024 * 1024),
    SUBGRAPH_INCIDENTS_URL: url('http://127.0.0.1:4001/graphql', ['http:', 'https:']),
    SUBGRAPH_DEPLOYMENTS_URL: url('http://127.0.0.1:4002/graphql', ['http:', 'https:']),
    SUBGRAPH_ALERTS_URL: url('http://127.0.0.1:4003/graphql', ['http:', 'https:']),
    SUBGRAPH_RUNBOOKS_URL: url('http://127.0.0.1:4004/graphql', ['http:', 'https:']),
    SUBGRAPH_BUILDS_URL: url('http://127.0.0.1:4006/graphql', ['http:', 'https:']),
    SUBGRAPH_KNOWLEDGE_URL: url('http://127.0.0.1:4005/graphql', ['http:', 'https:']),
    SUBGRAPH_ACCESS_URL: url('http://127.0.0.1:4007/graphql', ['http:', 'https:']),
    SUBGRAPH_TIMEOUT_MS: positiveInt(10_000),
    JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    OIDC_ISSUER: z.string().url('must be the issuer URL, e.g. https://login.example.com/realms/eng').optional(),
    OIDC_CLIENT_ID: z.string().min(1).optional(),
    OIDC_AUDIENCE: z.string().min(1).optional(),
    JWT_ISSUER: z.string().min(1).optional(),
    JWT_AUDIENCE: z.string().min(1).optional(),
    JWT_ROLE_CLAIM: z.string().min(1).default('roles'),
    API_TOKEN_CACHE_MS: z.coerce.number().int().min(0).default(30_000),
    GRAPHQL_INTROSPECTION: z.enum(['true', 'false']).optional(),
    GRAPHQL_EXPLORER: z.enum(['true', 'false'], { message: 'must be true or false' }).optional(),
    GRAPHQL_MAX_DEPTH: positiveInt(DEFAULT_QUERY_LIMITS.maxDepth),
    GRAPHQL_MAX_ALIASES: z.coerce.number().int().min(0).default(DEFAULT_QUERY_LIMITS.maxAliases),
    GRAPHQL_MAX_ROOT_FIELDS: positiveInt(DEFAULT_QUERY_LIMITS.maxRootFields),
    GRAPHQL_MAX_COST: positiveInt(DEFAULT_QUERY_LIMITS.maxCost),
    GRAPHQL_MAX_TOKENS: positiveInt(DEFAULT_MAX_TOKENS),
    ALLOWED_ORIGINS: z.string().optional(),
    RATE_LIMIT_MAX: positiveInt(600),
    RATE_LIMIT_WINDOW_MS: positiveInt(60_000),
    ALERTMANAGER_RETRY_WINDOW_MS: positiveInt(5 * 60_000),
    DELIVERY_RETENTION_DAYS: positiveInt(14),
    GITHUB_SIGNATURE_FAILURES_MAX: positiveInt(30),
    GITHUB_SIGNATURE_FAILURES_WINDOW_MS: positiveInt(600_000),
    NODE_ENV: z.string().default('development'),
  });
  // A delivery row is the edge's dedup record: it must outlive the window in which a resend is a duplicate.
  if (env.DELIVERY_RETENTION_DAYS * DAY_MS < env.ALERTMANAGER_RETRY_WINDOW_MS) {
    throw new Error(
      `Invalid configuration:\n  DELIVERY_RETENTION_DAYS: ${env.DELIVERY_RETENTION_DAYS} days is shorter than ALERTMANAGER_RETRY_WINDOW_MS (${env.ALERTMANAGER_RETRY_WINDOW_MS} ms)`,
    );
  }
  if (env.OIDC_ISSUER && !env.OIDC_AUDIENCE && !env.OIDC_CLIENT_ID) {
    throw new Error(
      'Invalid configuration:\n  OIDC_AUDIENCE: is required when OIDC_ISSUER is set (the `aud` your SSO puts in tokens issued to CompanyOS, ' +
        'or set OIDC_CLIENT_ID): without it, tokens the issuer made for any other application would be accepted',
    );
  }
  const production = env.NODE_ENV === 'production';
  const explorer = env.GRAPHQL_EXPLORER ? env.GRAPHQL_EXPLORER === 'true' : !production;
  return {
    githubWebhookSecret: env.GITHUB_WEBHOOK_SECRET,
    alertmanagerWebhookToken: env.ALERTMANAGER_WEBHOOK_TOKEN,
    webhookMaxBodyBytes: env.WEBHOOK_MAX_BODY_BYTES,
    apiMaxBodyBytes: env.API_MAX_BODY_BYTES,
    /** The largest JUnit report `POST /api/companyos/builds/:id/test-results` takes (413 above). */
    testReportMaxBytes: env.TEST_REPORT_MAX_BYTES,
    /** Where each subgraph of the committed supergraph runs here. */
    subgraphUrls: {
      incidents: env.SUBGRAPH_INCIDENTS_URL,
      deployments: env.SUBGRAPH_DEPLOYMENTS_URL,
      alerts: env.SUBGRAPH_ALERTS_URL,
      runbooks: env.SUBGRAPH_RUNBOOKS_URL,
      builds: env.SUBGRAPH_BUILDS_URL,
      knowledge: env.SUBGRAPH_KNOWLEDGE_URL,
      access: env.SUBGRAPH_ACCESS_URL,
    } as Record<string, string>,
    /** How long one request to a subgraph may take, connection to last byte, before the caller gets an error naming it. */
    subgraphTimeoutMs: env.SUBGRAPH_TIMEOUT_MS,
    /** How long a verified API token is remembered (0: ask the access app every time); a revocation drops it at once. */
    apiTokenCacheMs: env.API_TOKEN_CACHE_MS,
    /**
     * People's JWTs: HS256 with the secret (`iss` / `aud` checked when JWT_ISSUER / JWT_AUDIENCE are set), or
     * the OIDC issuer's keys, always with an audience (OIDC_AUDIENCE, else OIDC_CLIENT_ID).
     */
    jwt: {
      secret: env.JWT_SECRET ?? null,
      issuer: env.JWT_ISSUER ?? null,
      audience: env.JWT_AUDIENCE ?? null,
      oidcIssuer: env.OIDC_ISSUER ?? null,
      oidcAudience: env.OIDC_AUDIENCE ?? env.OIDC_CLIENT_ID ?? null,
      /** The dashboard's public client at the issuer: with OIDC_ISSUER, the sign-in page offers the issuer's login. */
      oidcClientId: env.OIDC_CLIENT_ID ?? null,
      roleClaim: env.JWT_ROLE_CLAIM,
    },
    queryLimits: {
      maxDepth: env.GRAPHQL_MAX_DEPTH,
      maxAliases: env.GRAPHQL_MAX_ALIASES,
      maxRootFields: env.GRAPHQL_MAX_ROOT_FIELDS,
      maxCost: env.GRAPHQL_MAX_COST,
    } satisfies QueryLimits,
    /** The parser stops a document past this many tokens (graphql's maxTokens), before any rule walks it. */
    maxTokens: env.GRAPHQL_MAX_TOKENS,
    /** Requests per client IP, and per principal, per window, shared by every replica through Redis. */
    rateLimit: { max: env.RATE_LIMIT_MAX, windowMs: env.RATE_LIMIT_WINDOW_MS },
    /** Wrong GitHub signatures allowed per client IP and hook id per window before that pair gets 429 (see webhook-gates.ts). */
    githubSignatureFailures: { max: env.GITHUB_SIGNATURE_FAILURES_MAX, windowMs: env.GITHUB_SIGNATURE_FAILURES_WINDOW_MS },
    /** Browser origins allowed to call the API (CORS); none when unset. */
    allowedOrigins: (env.ALLOWED_ORIGINS ?? '').split(',').map((origin) => origin.trim()).filter(Boolean),
    /** A resend of the same Alertmanager body within this many ms of its last receipt is a duplicate. */
    alertmanagerRetryWindowMs: env.ALERTMANAGER_RETRY_WINDOW_MS,
    /** Delivered (completed) webhook deliveries are pruned after this many days. */
    deliveryRetentionDays: env.DELIVERY_RETENTION_DAYS,
    /** The offline GraphiQL explorer at /explorer and GET /graphql (HTML): on outside production, GRAPHQL_EXPLORER=true turns it on there. */
    explorer,
    /** On outside production, and wherever the explorer is on (its docs and completion need it), unless GRAPHQL_INTROSPECTION says otherwise. */
    introspection: env.GRAPHQL_INTROSPECTION ? env.GRAPHQL_INTROSPECTION === 'true' : explorer || !production,
  };
});

export type GatewayConfig = ConfigType<typeof gatewayConfig>;
export const InjectGatewayConfig = () => Inject(gatewayConfig.KEY);
