import { createHash } from 'node:crypto';
import { usageError } from '../cli-errors';
import { dateTime, id as anId, oneOf, optional, withoutUndefined } from '../cli-values';
import type { Graphql, GraphqlRequest } from '../gateway.client';
import type { GithubRun } from '../github-actions';
import { fields, Outcome } from '../output';

export const ENVIRONMENTS = ['DEVELOPMENT', 'STAGING', 'PRODUCTION'] as const;
export const ENVIRONMENT_ALIASES: Record<string, (typeof ENVIRONMENTS)[number]> = { DEV: 'DEVELOPMENT', STAGE: 'STAGING', PROD: 'PRODUCTION' };

export interface DeployOptions {
  id?: string;
  service?: string;
  version?: string;
  environment?: string;
  deployedBy?: string;
  commitSha?: string;
  commitTimestamp?: string;
  runUrl?: string;
  releaseUrl?: string;
  idempotencyKey?: string;
}

export interface DeploymentJson {
  id: string;
  serviceName: string;
  version: string;
  environment: string;
  status: string;
  deployedBy: string;
  commitSha: string | null;
  githubRunUrl: string | null;
  startedAt: string;
  finishedAt: string | null;
  leadTimeSeconds: number | null;
}

const DEPLOYMENT_FIELDS = `id serviceName version environment status deployedBy commitSha githubRunUrl startedAt finishedAt leadTimeSeconds`;
const MAX_KEY = 200;

/** The idempotency key of this run's report of a service to an environment: every step of one run attempt computes the same one. */
export function runIdempotencyKey(run: GithubRun, service: string, environment: string): string | undefined {
  if (!run.runKey) return undefined;
  const key = `github-actions:${run.runKey}:${service}:${environment.toLowerCase()}`;
  return key.length <= MAX_KEY ? key : `github-actions:sha256:${createHash('sha256').update(key).digest('hex')}`;
}

/** createDeployment's input from the options, each missing one read from GitHub Actions' environment. */
export function deploymentInput(options: DeployOptions, run: GithubRun): Record<string, unknown> {
  const missing = (option: string, variable: string) => usageError(`${option} is required (or run inside GitHub Actions, which sets ${variable})`);
  const serviceName = optional(options.service, '--service') ?? run.repository;
  if (!serviceName) throw missing('--service', 'GITHUB_REPOSITORY');
  const version = optional(options.version, '--version') ?? run.sha;
  if (!version) throw missing('--version', 'GITHUB_SHA');
  const deployedBy = optional(options.deployedBy, '--deployed-by') ?? run.actor;
  if (!deployedBy) throw missing('--deployed-by', 'GITHUB_ACTOR');
  const environment = oneOf(options.environment ?? 'production', '--environment', ENVIRONMENTS, ENVIRONMENT_ALIASES);
  const idempotencyKey = optional(options.idempotencyKey, '--idempotency-key') ?? runIdempotencyKey(run, serviceName, environment);
  if (idempotencyKey && idempotencyKey.length > MAX_KEY) throw usageError(`--idempotency-key is longer than ${MAX_KEY} characters`);
  const runUrl = optional(options.runUrl, '--run-url') ?? run.runUrl;
  if (runUrl && !/^https?:\/\//.test(runUrl)) throw usageError(`--run-url must be an http(s) URL, not ${JSON.stringify(runUrl)}`);
  const releaseUrl = optional(options.releaseUrl, '--release-url');
  if (releaseUrl && !/^https?:\/\//.test(releaseUrl)) throw usageError(`--release-url must be an http(s) URL, not ${JSON.stringify(releaseUrl)}`);
  return withoutUndefined({
    serviceName,
    version,
    environment,
    deployedBy,
    commitSha: optional(options.commitSha, '--commit-sha') ?? run.sha,
    commitTimestamp: dateTime(options.commitTimestamp, '--commit-timestamp') ?? run.commitTimestamp,
    githubRunUrl: runUrl,
    releaseUrl,
    idempotencyKey,
  });
}

export function startRequest(input: Record<string, unknown>): GraphqlRequest {
  return {
    query: `mutation CliStartDeployment($input: CreateDeploymentInput!) { createDeployment(input: $input) { ${DEPLOYMENT_FIELDS} } }`,
    variables: { input },
  };
}

export function finishRequest(outcome: 'succeeded' | 'failed', deploymentId: string): GraphqlRequest {
  const mutation = outcome === 'succeeded' ? 'markDeploymentSucceeded' : 'markDeploymentFailed';
  return {
    query: `mutation CliFinishDeployment($id: ID!) { deployment: ${mutation}(id: $id) { ${DEPLOYMENT_FIELDS} } }`,
    variables: { id: anId(deploymentId, '--id') },
  };
}

export function formatDeployment(d: DeploymentJson): string {
  return fields([
    ['deployment', d.id],
    ['service', d.serviceName],
    ['version', d.version],
    ['environment', d.environment],
    ['status', d.status],
    ['deployed by', d.deployedBy],
    ['commit', d.commitSha],
    ['run', d.githubRunUrl],
    ['started', d.startedAt],
    ['finished', d.finishedAt],
    ['lead time', d.leadTimeSeconds === null ? null : `${Math.round(d.leadTimeSeconds)} s`],
  ]);
}

export async function start(gql: Graphql, options: DeployOptions, run: GithubRun): Promise<Outcome> {
  const { createDeployment } = await gql<{ createDeployment: DeploymentJson }>(startRequest(deploymentInput(options, run)));
  return { json: createDeployment, text: formatDeployment(createDeployment) };
}

/**
 * Marks the deployment finished: the one named by --id, else the one this
 * run's `deploy start` recorded (found again by its idempotency key; when
 * there was none, this records it now).
 */
export async function finish(gql: Graphql, outcome: 'succeeded' | 'failed', options: DeployOptions, run: GithubRun): Promise<Outcome> {
  let deploymentId = optional(options.id, '--id');
  if (!deploymentId) {
    const input = deploymentInput(options, run);
    if (!input.idempotencyKey) throw usageError('--id is required (the id `deploy start` printed), or run inside GitHub Actions, or give the same --idempotency-key as `deploy start`');
    deploymentId = (await gql<{ createDeployment: DeploymentJson }>(startRequest(input))).createDeployment.id;
  }
  const { deployment } = await gql<{ deployment: DeploymentJson }>(finishRequest(outcome, deploymentId));
  return { json: deployment, text: formatDeployment(deployment) };
}
