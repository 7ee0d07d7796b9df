import { BadRequestException, Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import { GraphqlExecutor } from './graphql-executor';
import { pageParams, withEnumValues } from './rest-values';
import { ApiCall, ApiFacade, ApiJsonBody, ApiPage, ApiQueries, pageSchema } from '../openapi/api-docs';
import { ApiBody, ApiConsumes } from '@nestjs/swagger';

/** A runbook as the list shows it: everything but its steps (a page of 200 runbooks with all their steps would cost past GRAPHQL_MAX_COST). */
const RUNBOOK_SUMMARY_FIELDS = `
  id path version title category estimatedDurationSeconds services alerts owner tags url retired retiredAt createdAt updatedAt
  stats { executions successRate medianDurationSeconds lastRunAt }`;
const RUNBOOK_FIELDS = `${RUNBOOK_SUMMARY_FIELDS} steps { title description command link optional }`;

const EXECUTION_FIELDS = `
  id runbookId incidentId triggeredBy triggerSource alertId alertName services status stepsCompleted stepsTotal currentStep notes
  stepCompletedAt startedAt finishedAt finishedBy snapshot { title version steps { title description command link optional } }`;

const SYNC_FIELDS = `created updated retired unchanged errors { file line message }`;

const asObject = (body: unknown): Record<string, unknown> => {
  if (body === undefined || body === null || (typeof body === 'object' && !Array.isArray(body))) return (body ?? {}) as Record<string, unknown>;
  throw new BadRequestException('body must be a JSON object');
};

/** The seed's REST paths for runbooks and their executions, as a thin facade over the graph's operations. */
@ApiFacade('runbooks')
@Controller('api/companyos')
export class RunbooksController {
  constructor(private readonly graphql: GraphqlExecutor) {}

  /**
   * Syncs the catalog: with no body (or a JSON one) from RUNBOOKS_DIR; with a
   * YAML body (`Content-Type: application/yaml`, one or many documents) from it.
   */
  @ApiCall('Sync the runbook catalog from RUNBOOKS_DIR, or from a YAML body', 200, 'What changed.')
  @ApiConsumes('application/json', 'application/yaml')
  @ApiBody({ required: false, description: 'Nothing (read RUNBOOKS_DIR) or YAML runbooks (one or many documents).', schema: { type: 'string' } })
  @Post('runbooks/sync')
  @HttpCode(200)
  async sync(@Body() body: unknown, @Req() req: Request) {
    const yaml = typeof body === 'string' ? body : undefined;
    if (yaml === undefined) asObject(body);
    const data = await this.graphql.run<{ syncRunbooks: unknown }>(
      `mutation ($yaml: String) { syncRunbooks(yaml: $yaml) { ${SYNC_FIELDS} } }`,
      { yaml },
      req,
    );
    return data.syncRunbooks;
  }

  @ApiCall('The runbook catalog', 200, 'A page of runbooks (without their steps).', pageSchema())
  @ApiQueries({ service: 'Runbooks of this service.', alertName: 'Runbooks for this alert.', category: 'Runbooks of this category.', includeRetired: 'true: retired ones too.' })
  @ApiPage()
  @Get('runbooks')
  async list(@Query() query: Record<string, string | undefined>, @Req() req: Request) {
    const filter = { service: query.service, alertName: query.alertName, category: query.category, includeRetired: query.includeRetired === 'true' };
    const data = await this.graphql.run<{ runbooks: unknown }>(
      `query ($filter: RunbooksFilter, $first: Int, $after: String) {
        runbooks(filter: $filter, first: $first, after: $after) { nodes { ${RUNBOOK_SUMMARY_FIELDS} } pageInfo { hasNextPage endCursor } totalCount }
      }`,
      { filter, ...pageParams(query) },
      req,
    );
    return data.runbooks;
  }

  @ApiCall('One runbook with its steps', 200, 'The runbook.')
  @Get('runbooks/:id')
  async get(@Param('id') id: string, @Req() req: Request) {
    const data = await this.graphql.run<{ runbook: unknown }>(`query ($id: ID!) { runbook(id: $id) { ${RUNBOOK_FIELDS} } }`, { id }, req);
    return data.runbook;
  }

  /** `{"runbookId", "incidentId"?, "triggeredBy", "triggerSource": "incident"|"alert"|"manual"}` → 201 with the execution. */
  @ApiCall('Start a runbook execution', 201, 'The execution.')
  @ApiJsonBody('`{ runbookId, incidentId?, triggeredBy, triggerSource: incident|alert|manual }`.', { type: 'object', required: ['runbookId'], additionalProperties: true, properties: { runbookId: { type: 'string' } } })
  @Post('runbook-executions')
  async start(@Body() body: unknown, @Req() req: Request) {
    const data = await this.graphql.run<{ startRunbookExecution: unknown }>(
      `mutation ($input: StartRunbookExecutionInput!) { startRunbookExecution(input: $input) { ${EXECUTION_FIELDS} } }`,
      { input: withEnumValues(asObject(body), ['triggerSource']) },
      req,
    );
    return data.startRunbookExecution;
  }

  /** `{"stepsCompleted", "stepsTotal", "currentStep", "status"?: "in_progress"|"completed"|"aborted"|"failed", "notes"?}`. */
  @ApiCall('Report an execution\'s progress', 200, 'The execution.')
  @ApiJsonBody('`{ stepsCompleted, stepsTotal, currentStep, status?, notes? }`.', { type: 'object', additionalProperties: true })
  @Patch('runbook-executions/:id')
  async update(@Param('id') id: string, @Body() body: unknown, @Req() req: Request) {
    const data = await this.graphql.run<{ updateRunbookExecution: unknown }>(
      `mutation ($id: ID!, $input: UpdateRunbookExecutionInput!) { updateRunbookExecution(id: $id, input: $input) { ${EXECUTION_FIELDS} } }`,
      { id, input: withEnumValues(asObject(body), ['status']) },
      req,
    );
    return data.updateRunbookExecution;
  }

  @ApiCall('One runbook execution', 200, 'The execution.')
  @Get('runbook-executions/:id')
  async execution(@Param('id') id: string, @Req() req: Request) {
    const data = await this.graphql.run<{ runbookExecution: unknown }>(`query ($id: ID!) { runbookExecution(id: $id) { ${EXECUTION_FIELDS} } }`, { id }, req);
    return data.runbookExecution;
  }
}
