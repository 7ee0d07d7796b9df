import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import { GraphqlExecutor } from './graphql-executor';
import { booleanParam, enumList, pageParams, toEnumValue, withEnumValues } from './rest-values';
import { ApiCall, ApiFacade, ApiJsonBody, ApiPage, ApiQueries, pageSchema } from '../openapi/api-docs';

const INCIDENT_FIELDS = `
  id number reference title severity status commander affectedServices customerImpact impactDescription
  source githubIssueUrl githubIssueNumber githubRepository startedAt acknowledgedAt resolvedAt resolution updatedAt`;

/** The seed's REST paths for incidents, as a thin facade over the graph's operations. */
@ApiFacade('incidents')
@Controller('api/companyos/incidents')
export class IncidentsController {
  constructor(private readonly graphql: GraphqlExecutor) {}

  @ApiCall('Incidents, newest first', 200, 'A page of incidents.', pageSchema())
  @ApiQueries({
    status: 'Comma-separated statuses (open, investigating, identified, monitoring, resolved).',
    severity: 'Comma-separated severities (sev1 … sev4).',
    service: 'Incidents affecting this service.',
    source: 'manual, github or alert.',
    active: 'true: not resolved; false: resolved.',
  })
  @ApiPage()
  @Get()
  async list(@Query() query: Record<string, string | undefined>, @Req() req: Request) {
    const filter = {
      status: enumList(query.status),
      severity: enumList(query.severity),
      service: query.service,
      source: query.source ? toEnumValue(query.source) : undefined,
      active: booleanParam('active', query.active),
    };
    const data = await this.graphql.run<{ incidents: unknown }>(
      `query ($filter: IncidentsFilter, $first: Int, $after: String) {
        incidents(filter: $filter, first: $first, after: $after) {
          nodes { ${INCIDENT_FIELDS} } pageInfo { hasNextPage endCursor } totalCount
        }
      }`,
      { filter, ...pageParams(query) },
      req,
    );
    return data.incidents;
  }

  @ApiCall('One incident with its timeline', 200, 'The incident.')
  @Get(':id')
  async get(@Param('id') id: string, @Req() req: Request) {
    const data = await this.graphql.run<{ incident: unknown }>(
      `query ($id: ID!) { incident(id: $id) { ${INCIDENT_FIELDS} timeline { kind actor message changes at } } }`,
      { id },
      req,
    );
    return data.incident;
  }

  @ApiCall('Declare an incident (responder)', 201, 'The incident declared.')
  @ApiJsonBody('CreateIncidentInput; severity in the seed\'s lower case is accepted.', {
    type: 'object',
    required: ['title', 'severity'],
    properties: {
      title: { type: 'string' },
      severity: { type: 'string', enum: ['sev1', 'sev2', 'sev3', 'sev4'] },
      affectedServices: { type: 'array', items: { type: 'string' } },
      commander: { type: 'string' },
      customerImpact: { type: 'boolean' },
      impactDescription: { type: 'string' },
      startedAt: { type: 'string', format: 'date-time' },
    },
  })
  @Post()
  @HttpCode(201)
  async create(@Body() body: unknown, @Req() req: Request) {
    const data = await this.graphql.run<{ createIncident: unknown }>(
      `mutation ($input: CreateIncidentInput!) { createIncident(input: $input) { ${INCIDENT_FIELDS} } }`,
      { input: withEnumValues(body, ['severity']) },
      req,
    );
    return data.createIncident;
  }

  @ApiCall('Change an incident (status, severity, commander, …)', 200, 'The incident as changed.')
  @ApiJsonBody('UpdateIncidentInput: any of its fields.', { type: 'object', additionalProperties: true })
  @Patch(':id')
  async update(@Param('id') id: string, @Body() body: unknown, @Req() req: Request) {
    const data = await this.graphql.run<{ updateIncident: unknown }>(
      `mutation ($id: ID!, $input: UpdateIncidentInput!) { updateIncident(id: $id, input: $input) { ${INCIDENT_FIELDS} } }`,
      { id, input: withEnumValues(body, ['severity', 'status']) },
      req,
    );
    return data.updateIncident;
  }

  @ApiCall('Resolve an incident', 200, 'The incident, resolved.')
  @ApiJsonBody('Optional `{ "resolution": "…" }`.', { type: 'object', properties: { resolution: { type: 'string' } } }, false)
  @Post(':id/resolve')
  @HttpCode(200)
  async resolve(@Param('id') id: string, @Body() body: unknown, @Req() req: Request) {
    const data = await this.graphql.run<{ resolveIncident: unknown }>(
      `mutation ($id: ID!, $input: ResolveIncidentInput) { resolveIncident(id: $id, input: $input) { ${INCIDENT_FIELDS} } }`,
      { id, input: withEnumValues(body, []) },
      req,
    );
    return data.resolveIncident;
  }
}
