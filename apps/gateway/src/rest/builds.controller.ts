import { Body, Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { GraphqlExecutor } from './graphql-executor';

const BUILD_RUN_FIELDS = `
  id source repository workflow runId attempt runNumber event branch commitSha actor status conclusion
  createdAt startedAt completedAt queuedSeconds durationSeconds url
  stages { name group status conclusion queuedSeconds durationSeconds tasks { number name status conclusion durationSeconds } }
  artifacts { name sizeBytes url checksum }`;

const asObject = (body: unknown): Record<string, unknown> =>
  typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};

/** Any CI reports its runs here (GitHub Actions comes through the webhook): a thin facade over reportBuild / finishBuild. */
@Controller('api/companyos/builds')
export class BuildsController {
  constructor(private readonly graphql: GraphqlExecutor) {}

  /** A run starting (the ReportBuildInput JSON body); answers the run, whose `id` the finish call names. */
  @Post()
  @HttpCode(201)
  async report(@Body() body: unknown, @Req() req: Request) {
    const data = await this.graphql.run<{ reportBuild: unknown }>(
      `mutation ($input: ReportBuildInput!) { reportBuild(input: $input) { ${BUILD_RUN_FIELDS} } }`,
      { input: asObject(body) },
      req,
    );
    return data.reportBuild;
  }

  /** How the run ended (the FinishBuildInput JSON body: conclusion, optional completedAt, stages, artifacts). */
  @Post(':id/finished')
  @HttpCode(200)
  async finished(@Param('id') id: string, @Body() body: unknown, @Req() req: Request) {
    const data = await this.graphql.run<{ finishBuild: unknown }>(
      `mutation ($id: ID!, $input: FinishBuildInput!) { finishBuild(id: $id, input: $input) { ${BUILD_RUN_FIELDS} } }`,
      { id, input: asObject(body) },
      req,
    );
    return data.finishBuild;
  }
}
