import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DashboardSlo, slosAtRisk } from './dashboard.rules';
import { GraphqlExecutor } from './graphql-executor';
import { BEARER_SCHEME, ERROR_SCHEMA, pageSchema, SchemaObject } from '../openapi/api-docs';
import { PlatformHealth } from './platform-health.service';
import type { PlatformHealthReport } from './platform-health.rules';

/** How many active incidents, firing alerts and recent deployments the dashboard lists (each with its total). */
export const DASHBOARD_LIST_SIZE = 50;
export const DASHBOARD_RECENT_DEPLOYMENTS = 20;

const METRIC_CHANGE = `{ change improved }`;

/**
 * The dashboard in ONE operation through the gateway's graph, as the caller:
 * each subgraph answers its part, the caller's role is checked like any
 * other query's, and the audit trail sees it as such.
 */
export const DASHBOARD_QUERY = `query CompanyosDashboard($listSize: Int!, $recentDeployments: Int!) {
  incidents(filter: { active: true }, first: $listSize) {
    totalCount
    nodes { id number reference title severity status commander affectedServices customerImpact source startedAt acknowledgedAt updatedAt }
  }
  alerts(filter: { firing: true }, first: $listSize) {
    totalCount
    nodes { id alertName severity status service summary startsAt acknowledgedBy acknowledgedAt incident { id } }
  }
  deployments(first: $recentDeployments) {
    totalCount
    nodes { id serviceName version environment status deployedBy commitSha startedAt finishedAt leadTimeSeconds }
  }
  doraMetrics(environment: PRODUCTION) {
    environment
    summary {
      from to deployments deploymentsPerDay deploymentDaysPerWeek leadTimeSeconds changeFailureRate timeToRestoreSeconds
      levels { deploymentFrequency leadTime changeFailureRate timeToRestore }
    }
    previous { from to deployments deploymentsPerDay deploymentDaysPerWeek leadTimeSeconds changeFailureRate timeToRestoreSeconds }
    change {
      deploymentsPerDay ${METRIC_CHANGE} deploymentDaysPerWeek ${METRIC_CHANGE} leadTime ${METRIC_CHANGE}
      changeFailureRate ${METRIC_CHANGE} timeToRestore ${METRIC_CHANGE}
    }
  }
  slos { id name service objective windowDays burnAlert errorBudget { remaining consumed badSeconds allowedBadSeconds } }
}`;

interface DashboardData {
  incidents: unknown;
  alerts: unknown;
  deployments: unknown;
  doraMetrics: unknown;
  slos: DashboardSlo[];
}

const OBJECT: SchemaObject = { type: 'object', additionalProperties: true };

const DASHBOARD_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['incidents', 'alerts', 'deployments', 'dora', 'slos'],
  properties: {
    incidents: { ...pageSchema(), description: `Active (unresolved) incidents, newest first: the first ${DASHBOARD_LIST_SIZE} and the total.` },
    alerts: { ...pageSchema(), description: `Alerts firing now, newest first: the first ${DASHBOARD_LIST_SIZE} and the total.` },
    deployments: { ...pageSchema(), description: `The ${DASHBOARD_RECENT_DEPLOYMENTS} most recent deployments, every environment.` },
    dora: {
      type: 'object',
      description: 'DORA keys of production over the last 30 days (summary), the 30 before (previous), and the change.',
      properties: { environment: { type: 'string' }, summary: OBJECT, previous: OBJECT, change: OBJECT },
    },
    slos: { type: 'array', items: OBJECT, description: 'SLOs burning fast (ticket or page) or with under 25 % of their budget left, least left first.' },
  },
};

const READINESS_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['status', 'latencyMs'],
  properties: {
    status: { type: 'string', enum: ['ready', 'unavailable'] },
    latencyMs: { type: 'integer' },
    failing: { type: 'array', items: { type: 'string' }, description: 'Its dependencies that are down (postgres, redis).' },
    reason: { type: 'string', example: 'no answer within 3000 ms' },
  },
};

const HEALTH_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['status', 'checkedAt', 'apps'],
  properties: {
    status: { type: 'string', enum: ['ok', 'degraded', 'down'] },
    checkedAt: { type: 'string', format: 'date-time' },
    apps: { type: 'object', additionalProperties: READINESS_SCHEMA, description: 'gateway, incidents, deployments, alerts, runbooks, builds, knowledge, access.' },
  },
};

/** The seed's `GET /api/companyos/dashboard` and `GET /api/companyos/health`. */
@ApiTags('dashboard')
@Controller('api/companyos')
export class DashboardController {
  constructor(
    private readonly graphql: GraphqlExecutor,
    private readonly health: PlatformHealth,
  ) {}

  /** Active incidents, firing alerts, recent deployments, DORA (last 30 days against the 30 before, production), SLOs at risk. */
  @ApiOperation({ summary: 'The operations dashboard in one call (one GraphQL operation, as the caller)' })
  @ApiBearerAuth(BEARER_SCHEME)
  @ApiResponse({ status: 200, description: 'Incidents active, alerts firing, recent deployments, DORA with its change, SLOs at risk.', schema: DASHBOARD_SCHEMA })
  @ApiResponse({ status: 401, description: 'Missing, wrong, expired or revoked credential.', schema: ERROR_SCHEMA })
  @ApiResponse({ status: 502, description: 'A subgraph failed or did not answer in time (the message names it).', schema: ERROR_SCHEMA })
  @Get('dashboard')
  async dashboard(@Req() req: Request) {
    const data = await this.graphql.run<DashboardData>(
      DASHBOARD_QUERY,
      { listSize: DASHBOARD_LIST_SIZE, recentDeployments: DASHBOARD_RECENT_DEPLOYMENTS },
      req,
    );
    return {
      incidents: data.incidents,
      alerts: data.alerts,
      deployments: data.deployments,
      dora: data.doraMetrics,
      slos: slosAtRisk(data.slos),
    };
  }

  /** Every app's readiness (no credentials needed: it names no data, only which apps are up); 503 unless all are ready. */
  @ApiOperation({ summary: 'Every app\'s readiness (no credential needed)' })
  @ApiResponse({ status: 200, description: 'Every app is ready.', schema: HEALTH_SCHEMA })
  @ApiResponse({ status: 503, description: 'Some app (degraded) or every app (down) is unavailable.', schema: HEALTH_SCHEMA })
  @Get('health')
  async platformHealth(@Res({ passthrough: true }) res: Response): Promise<PlatformHealthReport> {
    const report = await this.health.report();
    res.status(report.status === 'ok' ? 200 : 503);
    res.setHeader('Cache-Control', 'no-store');
    return report;
  }
}
