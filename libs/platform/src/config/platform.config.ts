import { registerAs } from '@nestjs/config';
import { z } from 'zod';
import { developmentSecretProblems } from './development-secrets';
import { parseEnv, port, positiveInt, url } from './parse-env';

/** How long BullMQ keeps a failed job (removeOnFail): the longest a job may still be retried from Redis. */
export const FAILED_JOB_RETENTION_DAYS = 7;

export const ROLES = ['api', 'worker', 'all'] as const;
export type Role = (typeof ROLES)[number];

export interface PlatformConfig {
  appName: string;
  env: 'development' | 'test' | 'production';
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  port: number;
  role: Role;
  databaseUrl: string;
  redisUrl: string;
  /**
   * Redis Cluster seed nodes (REDIS_CLUSTER_NODES), or null for the single Redis at redisUrl. With a
   * cluster, every Redis connection of the app (queues, workers, nonces, counters, health) is a cluster
   * client; redisUrl then gives only the credentials and TLS (rediss:) every node shares.
   */
  redisClusterNodes: RedisNode[] | null;
  /** jobTimeoutMs: a job still running after it fails (and is retried with backoff), freeing its slot. */
  worker: { concurrency: number; lockDurationMs: number; stalledIntervalMs: number; jobTimeoutMs: number };
  /** Per-connection PostgreSQL limits in ms (0: none): a statement running longer, or a transaction left idle longer, is ended by the server. */
  database: { statementTimeoutMs: number; idleInTransactionTimeoutMs: number; poolSize: number };
  relayIntervalMs: number;
  /** How long a producer waits for Redis to accept jobs before failing (the caller keeps them durably). */
  enqueueTimeoutMs: number;
  /** Prefix of every BullMQ key in Redis, so several installations (or test runs) can share one Redis. */
  queuePrefix: string;
  /** Attempts of every job before it becomes a dead letter. */
  jobAttempts: number;
  /** Confirmed outbox rows and processed-messages records are pruned after this many days. */
  outboxRetentionDays: number;
  /** Shared by the gateway and the subgraphs: subgraphs answer only requests signed with it. Required by both. */
  subgraphSecret: string | null;
}

export interface RedisNode {
  host: string;
  port: number;
}

/** At most this many seed nodes (a client needs only a few to discover the whole cluster). */
export const MAX_REDIS_CLUSTER_NODES = 64;

/** `host:port,host:port,…` → nodes; a message naming what is wrong otherwise. */
export function parseRedisClusterNodes(value: string): RedisNode[] | string {
  const entries = value.split(',').map((entry) => entry.trim()).filter(Boolean);
  if (!entries.length) return 'must list at least one host:port';
  if (entries.length > MAX_REDIS_CLUSTER_NODES) return `lists ${entries.length} nodes; at most ${MAX_REDIS_CLUSTER_NODES}`;
  const nodes: RedisNode[] = [];
  for (const entry of entries) {
    const match = /^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]{1,253}):(\d{1,5})$/.exec(entry);
    const port = match ? Number(match[2]) : 0;
    if (!match || port < 1 || port > 65535) return `"${entry.slice(0, 80)}" is not host:port (port 1-65535)`;
    nodes.push({ host: match[1].replace(/^\[|\]$/g, ''), port });
  }
  return nodes;
}

const redisClusterNodes = z
  .string()
  .optional()
  .transform((value, ctx) => {
    if (value === undefined || value.trim() === '') return null;
    const nodes = parseRedisClusterNodes(value);
    if (typeof nodes === 'string') {
      ctx.addIssue({ code: 'custom', message: nodes });
      return z.NEVER;
    }
    return nodes;
  });

/** Reads and validates the variables every CompanyOS app shares. */
export function loadPlatformConfig(appName: string, defaultPort: number, env = process.env): PlatformConfig {
  const vars = parseEnv(
    {
      NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
      LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
      PORT: port(defaultPort),
      ROLE: z.enum(ROLES).default('all'),
      DATABASE_URL: url('postgres://postgres@127.0.0.1:5432/companyos', ['postgres:', 'postgresql:']),
      REDIS_URL: url('redis://127.0.0.1:6379', ['redis:', 'rediss:']),
      REDIS_CLUSTER_NODES: redisClusterNodes,
      WORKER_CONCURRENCY: positiveInt(8),
      WORKER_LOCK_DURATION_MS: positiveInt(30_000),
      WORKER_STALLED_INTERVAL_MS: positiveInt(30_000),
      JOB_TIMEOUT_MS: positiveInt(120_000),
      DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).default(30_000),
      DATABASE_POOL_SIZE: positiveInt(20),
      DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: z.coerce.number().int().min(0).default(60_000),
      RELAY_INTERVAL_MS: positiveInt(2_000),
      ENQUEUE_TIMEOUT_MS: positiveInt(1_000),
      QUEUE_PREFIX: z.string().regex(/^[\w-]+$/, 'letters, digits, _ and - only').default('companyos'),
      SUBGRAPH_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
      JOB_ATTEMPTS: positiveInt(15),
      OUTBOX_RETENTION_DAYS: z.coerce
        .number()
        .int()
        .min(
          FAILED_JOB_RETENTION_DAYS,
          `must be at least ${FAILED_JOB_RETENTION_DAYS} days: a failed job stays retryable in Redis that long, and the record that makes its second run a no-op must outlive it`,
        )
        .default(7),
    },
    env,
  );
  const developmentSecrets = developmentSecretProblems(env, vars.NODE_ENV);
  if (developmentSecrets.length) throw new Error(`Invalid configuration:\n${developmentSecrets.join('\n')}`);
  if (vars.REDIS_CLUSTER_NODES && new URL(vars.REDIS_URL).pathname.length > 1 && new URL(vars.REDIS_URL).pathname !== '/0') {
    throw new Error('Invalid configuration:\n  REDIS_URL: a Redis Cluster has only database 0; remove the database number from REDIS_URL when REDIS_CLUSTER_NODES is set');
  }
  return {
    appName,
    env: vars.NODE_ENV,
    logLevel: vars.LOG_LEVEL,
    port: vars.PORT,
    role: vars.ROLE,
    databaseUrl: vars.DATABASE_URL,
    redisUrl: vars.REDIS_URL,
    redisClusterNodes: vars.REDIS_CLUSTER_NODES,
    worker: {
      concurrency: vars.WORKER_CONCURRENCY,
      lockDurationMs: vars.WORKER_LOCK_DURATION_MS,
      stalledIntervalMs: vars.WORKER_STALLED_INTERVAL_MS,
      jobTimeoutMs: vars.JOB_TIMEOUT_MS,
    },
    database: {
      statementTimeoutMs: vars.DATABASE_STATEMENT_TIMEOUT_MS,
      idleInTransactionTimeoutMs: vars.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
      poolSize: vars.DATABASE_POOL_SIZE,
    },
    relayIntervalMs: vars.RELAY_INTERVAL_MS,
    enqueueTimeoutMs: vars.ENQUEUE_TIMEOUT_MS,
    queuePrefix: vars.QUEUE_PREFIX,
    subgraphSecret: vars.SUBGRAPH_SECRET ?? null,
    jobAttempts: vars.JOB_ATTEMPTS,
    outboxRetentionDays: vars.OUTBOX_RETENTION_DAYS,
  };
}

export const PLATFORM_CONFIG = 'platform';
export const platformConfigFactory = (config: PlatformConfig) => registerAs(PLATFORM_CONFIG, () => config);

export const runsApi = (role: Role) => role === 'api' || role === 'all';
export const runsWorker = (role: Role) => role === 'worker' || role === 'all';
