import { BadRequestException, Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import { GraphqlExecutor } from './graphql-executor';
import { enumList, pageParams, toEnumValue, withEnumValues } from './rest-values';
import { ApiCall, ApiFacade, ApiJsonBody, ApiPage, ApiQueries, pageSchema } from '../openapi/api-docs';
import { ApiHeader } from '@nestjs/swagger';

const DEPLOYMENT_FIELDS = `
  id serviceName version environment status deployedBy commitSha commitTimestamp githubRunUrl releaseUrl startedAt finishedAt
  leadTimeSeconds source repository ref githubEnvironment githubState createdAt updatedAt rollbackOf { id version status }`;

const DORA_SNAPSHOT_FIELDS = `
  from to deployments deploymentsPerDay deploymentDaysPerWeek leadTimeSeconds changeFailureRate timeToRestoreSeconds
  levels { deploymentFrequency leadTime changeFailureRate timeToRestore }`;

const METRIC_CHANGE = `{ change improved }`;

const OPTIONAL_CREATE_FIELDS = ['commitSha', 'commitTimestamp', 'githubRunUrl', 'releaseUrl', 'startedAt', 'status', 'idempotencyKey'];

/** The seed's REST paths for deployments (CI/CD's calls), as a thin facade over the graph's operations. */
@ApiFacade('deployments')
@Controller('api/companyos/deployments')
export class DeploymentsController {
  constructor(private readonly graphql: GraphqlExecutor) {}

  @ApiCall('Deployments, newest first', 200, 'A page of deployments.', pageSchema())
  @ApiQueries({
    serviceName: 'Deployments of this service.',
    environment: 'Comma-separated environments (development, staging, production).',
    status: 'Comma-separated statuses (pending, in_progress, succeeded, failed, rolled_back).',
    startedAfter: 'Started at or after (ISO 8601).',
    startedBefore: 'Started before (ISO 8601).',
  })
  @ApiPage()
  @Get()
  async list(@Query() query: Record<string, string | undefined>, @Req() req: Request) {
    const filter = {
      serviceName: query.serviceName,
      environment: enumList(query.environment),
      status: enumList(query.status),
      startedAfter: query.startedAfter,
      startedBefore: query.startedBefore,
    };
    const data = await this.graphql.run<{ deployments: unknown }>(
      `query ($filter: DeploymentsFilter, $first: Int, $after: String) {
        deployments(filter: $filter, first: $first, after: $after) {
          nodes { ${DEPLOYMENT_FIELDS} } pageInfo { hasNextPage endCursor } totalCount
        }
      }`,
      { filter, ...pageParams(query) },
      req,
    );
    return data.deployments;
  }

  /**
   * Counts by status over `from`–`to` (default: the last 30 days), beside the
   * DORA keys of the same service and environment (default PRODUCTION) over
   * the last 30 whole UTC days, against the 30 before.
   */
  @ApiCall('Counts by status and the DORA keys against the previous period', 200, '`{ stats, dora }`.', { type: 'object', properties: { stats: { type: 'object', additionalProperties: true }, dora: { type: 'object', additionalProperties: true } } })
  @ApiQueries({
    serviceName: 'One service (default: all).',
    environment: 'Default production.',
    from: 'Start of the counts (ISO 8601; default 30 days ago).',
    to: 'End of the counts (ISO 8601; default now).',
  })
  @Get('stats')
  async stats(@Query() query: Record<string, string | undefined>, @Req() req: Request) {
    const environment = query.environment ? toEnumValue(query.environment) : undefined;
    const data = await this.graphql.run<{ deploymentStats: unknown; doraMetrics: unknown }>(
      `query ($filter: DeploymentStatsFilter, $serviceName: String, $environment: DeploymentEnvironment! = PRODUCTION) {
        deploymentStats(filter: $filter) { total pending inProgress succeeded failed rolledBack successRate perDay from to }
        doraMetrics(serviceName: $serviceName, environment: $environment) {
          serviceName environment
          summary { ${DORA_SNAPSHOT_FIELDS} }
          change {
            deploymentsPerDay ${METRIC_CHANGE} deploymentDaysPerWeek ${METRIC_CHANGE} leadTime ${METRIC_CHANGE}
            changeFailureRate ${METRIC_CHANGE} timeToRestore ${METRIC_CHANGE}
          }
        }
      }`,
      {
        filter: { serviceName: query.serviceName, environment, from: query.from, to: query.to },
        serviceName: query.serviceName,
        ...(environment === undefined ? {} : { environment }),
      },
      req,
    );
    return { stats: data.deploymentStats, dora: data.doraMetrics };
  }

  @ApiCall('One deployment, with the incidents it caused', 200, 'The deployment.')
  @Get(':id')
  async get(@Param('id') id: string, @Req() req: Request) {
    const data = await this.graphql.run<{ deployment: unknown }>(
      `query ($id: ID!) { deployment(id: $id) { ${DEPLOYMENT_FIELDS} causedIncidents { id } } }`,
      { id },
      req,
    );
    return data.deployment;
  }

  /** The seed's CI/CD call; `environment` and `status` in the seed's lower case; `Idempotency-Key` makes a retry return the first one. */
  @ApiCall('Record a deployment (CI/CD; deployer)', 201, 'The deployment (the first one again when Idempotency-Key repeats).')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key answers the first deployment.' })
  @ApiJsonBody('CreateDeploymentInput; environment and status in the seed\'s lower case are accepted.', {
    type: 'object',
    required: ['serviceName', 'version', 'environment', 'deployedBy'],
    properties: {
      serviceName: { type: 'string' },
      version: { type: 'string' },
      environment: { type: 'string', enum: ['development', 'staging', 'production'] },
      deployedBy: { type: 'string' },
      status: { type: 'string' },
      commitSha: { type: 'string' },
      commitTimestamp: { type: 'string', format: 'date-time' },
      githubRunUrl: { type: 'string' },
      releaseUrl: { type: 'string' },
      startedAt: { type: 'string', format: 'date-time' },
      idempotencyKey: { type: 'string' },
    },
  })
  @Post()
  @HttpCode(201)
  async create(@Body() body: unknown, @Headers('idempotency-key') idempotencyKey: string | undefined, @Req() req: Request) {
    const input = withEnumValues(body, ['environment', 'status']);
    // A CI variable that was not set arrives as "" (the seed's `${{ github.… }}` on a non-push trigger): absent, not invalid.
    for (const field of OPTIONAL_CREATE_FIELDS) if (input[field] === '') delete input[field];
    if (idempotencyKey !== undefined) {
      if (input.idempotencyKey !== undefined && input.idempotencyKey !== idempotencyKey) {
        throw new BadRequestException('the Idempotency-Key header and the body\'s idempotencyKey differ');
      }
      input.idempotencyKey = idempotencyKey;
    }
    const data = await this.graphql.run<{ createDeployment: unknown }>(
      `mutation ($input: CreateDeploymentInput!) { createDeployment(input: $input) { ${DEPLOYMENT_FIELDS} } }`,
      { input },
      req,
    );
    return data.createDeployment;
  }

  @ApiCall('Mark a deployment succeeded (deployer)', 200, 'The deployment.')
  @Post(':id/succeeded')
  @HttpCode(200)
  async succeeded(@Param('id') id: string, @Req() req: Request) {
    const data = await this.graphql.run<{ markDeploymentSucceeded: unknown }>(
      `mutation ($id: ID!) { markDeploymentSucceeded(id: $id) { ${DEPLOYMENT_FIELDS} } }`,
      { id },
      req,
    );
    return data.markDeploymentSucceeded;
  }

  @ApiCall('Mark a deployment failed (deployer)', 200, 'The deployment.')
  @Post(':id/failed')
  @HttpCode(200)
  async failed(@Param('id') id: string, @Req() req: Request) {
    const data = await this.graphql.run<{ markDeploymentFailed: unknown }>(
      `mutation ($id: ID!) { markDeploymentFailed(id: $id) { ${DEPLOYMENT_FIELDS} } }`,
      { id },
      req,
    );
    return data.markDeploymentFailed;
  }

  /** Optional body `{ "version": "v2.4.0", "deployedBy": "…" }`; answers the rollback (a new SUCCEEDED deployment, rollbackOf = this one). */
  @ApiCall('Roll a deployment back (deployer)', 200, 'The rollback: a new SUCCEEDED deployment whose rollbackOf is this one.')
  @ApiJsonBody('Optional `{ "version", "deployedBy" }`.', { type: 'object', properties: { version: { type: 'string' }, deployedBy: { type: 'string' } } }, false)
  @Post(':id/rollback')
  @HttpCode(200)
  async rollback(@Param('id') id: string, @Body() body: unknown, @Req() req: Request) {
    const data = await this.graphql.run<{ rollbackDeployment: unknown }>(
      `mutation ($id: ID!, $input: RollbackDeploymentInput) { rollbackDeployment(id: $id, input: $input) { ${DEPLOYMENT_FIELDS} } }`,
      { id, input: withEnumValues(body, []) },
      req,
    );
    return data.rollbackDeployment;
  }
}
