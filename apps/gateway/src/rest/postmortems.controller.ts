import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import { GraphqlExecutor } from './graphql-executor';
import { enumList, pageParams, withEnumValues } from './rest-values';
import { ApiCall, ApiFacade, ApiJsonBody, ApiPage, ApiQueries, pageSchema } from '../openapi/api-docs';

const POSTMORTEM_FIELDS = `
  id incidentId title status summary impact rootCauseAnalysis contributingFactors trigger detection resolution lessonsLearned
  lessons { wentWell wentWrong gotLucky } timeline { at kind description } autoDrafted createdBy publishedAt publishedBy
  createdAt updatedAt`;
const ACTION_ITEMS = `actionItems { id description owner dueDate priority status statusReason ticketUrl overdue closedAt createdAt updatedAt }`;

/** Upper-cases the action items' priorities and statuses as REST sends them (`"p2"`, `"in_progress"`). */
function withActionItemEnums(input: Record<string, unknown>): Record<string, unknown> {
  if (Array.isArray(input.actionItems)) input.actionItems = input.actionItems.map((item) => withEnumValues(item, ['priority']));
  return input;
}

/** The seed's REST paths for postmortems, as a thin facade over the graph's operations. */
@ApiFacade('postmortems')
@Controller('api/companyos/postmortems')
export class PostmortemsController {
  constructor(private readonly graphql: GraphqlExecutor) {}

  /** Newest first, without their action items (GET one for those): `?status=draft,published&incidentId=…&limit=…&after=…`. */
  @ApiCall('Postmortems, newest first', 200, 'A page of postmortems (without action items).', pageSchema())
  @ApiQueries({ status: 'Comma-separated statuses (draft, in_review, published).', incidentId: 'The postmortem of this incident.' })
  @ApiPage()
  @Get()
  async list(@Query() query: Record<string, string | undefined>, @Req() req: Request) {
    const data = await this.graphql.run<{ postmortems: unknown }>(
      `query ($filter: PostmortemsFilter, $first: Int, $after: String) {
        postmortems(filter: $filter, first: $first, after: $after) { nodes { ${POSTMORTEM_FIELDS} } pageInfo { hasNextPage endCursor } totalCount }
      }`,
      { filter: { status: enumList(query.status), incidentId: query.incidentId }, ...pageParams(query) },
      req,
    );
    return data.postmortems;
  }

  @ApiCall('One postmortem with its action items', 200, 'The postmortem.')
  @Get(':id')
  async get(@Param('id') id: string, @Req() req: Request) {
    const data = await this.graphql.run<{ postmortem: unknown }>(`query ($id: ID!) { postmortem(id: $id) { ${POSTMORTEM_FIELDS} ${ACTION_ITEMS} } }`, { id }, req);
    return data.postmortem;
  }

  /** The seed's call: `{ incidentId, title, rootCauseAnalysis, actionItems: [{ description, owner, dueDate }], lessonsLearned }` → 201; a second for the incident → 409 with `details.existingId`. */
  @ApiCall('Write an incident\'s postmortem', 201, 'The postmortem (409 with details.existingId when the incident has one).')
  @ApiJsonBody('`{ incidentId, title, rootCauseAnalysis, actionItems: [{ description, owner, dueDate }], lessonsLearned }`.', { type: 'object', required: ['incidentId'], additionalProperties: true, properties: { incidentId: { type: 'string' } } })
  @Post()
  @HttpCode(201)
  async create(@Body() body: unknown, @Req() req: Request) {
    const data = await this.graphql.run<{ createPostmortem: unknown }>(
      `mutation ($input: CreatePostmortemInput!) { createPostmortem(input: $input) { ${POSTMORTEM_FIELDS} ${ACTION_ITEMS} } }`,
      { input: withActionItemEnums(withEnumValues(body, [])) },
      req,
    );
    return data.createPostmortem;
  }

  /** `{"status": "published"}` (or `in_review`, `draft`) and/or any sections; a published postmortem answers 409 POSTMORTEM_PUBLISHED. */
  @ApiCall('Change or publish a postmortem', 200, 'The postmortem (409 POSTMORTEM_PUBLISHED once published).')
  @ApiJsonBody('`{"status": "published"}` and/or any sections.', { type: 'object', additionalProperties: true })
  @Patch(':id')
  async update(@Param('id') id: string, @Body() body: unknown, @Req() req: Request) {
    const data = await this.graphql.run<{ updatePostmortem: unknown }>(
      `mutation ($id: ID!, $input: UpdatePostmortemInput!) { updatePostmortem(id: $id, input: $input) { ${POSTMORTEM_FIELDS} ${ACTION_ITEMS} } }`,
      { id, input: withEnumValues(body, ['status']) },
      req,
    );
    return data.updatePostmortem;
  }
}
