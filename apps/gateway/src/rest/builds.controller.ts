import { BadRequestException, Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import { GraphqlExecutor } from './graphql-executor';
import { ApiCall, ApiFacade, ApiJsonBody, ApiPage, ApiQueries, pageSchema } from '../openapi/api-docs';
import { ApiBody, ApiConsumes, ApiQuery } from '@nestjs/swagger';

const BUILD_RUN_FIELDS = `
  id source repository workflow runId attempt runNumber event branch commitSha actor status conclusion
  createdAt startedAt completedAt queuedSeconds durationSeconds url
  stages { name group status conclusion queuedSeconds durationSeconds tasks { number name status conclusion durationSeconds } }
  artifacts { name sizeBytes url checksum }`;

const asObject = (body: unknown): Record<string, unknown> =>
  typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};

/** Any CI reports its runs here (GitHub Actions comes through the webhook): a thin facade over reportBuild / finishBuild. */
@ApiFacade('builds')
@Controller('api/companyos/builds')
export class BuildsController {
  constructor(private readonly graphql: GraphqlExecutor) {}

  /** A run starting (the ReportBuildInput JSON body); answers the run, whose `id` the finish call names. */
  @ApiCall('Report a CI run starting', 201, 'The run (its id names it in the next calls).')
  @ApiJsonBody('ReportBuildInput.', { type: 'object', additionalProperties: true })
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
  @ApiCall('Report how a CI run ended', 200, 'The run.')
  @ApiJsonBody('FinishBuildInput: conclusion, optional completedAt, stages, artifacts.', { type: 'object', additionalProperties: true })
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

  /**
   * A JUnit XML report of the run, as the body (any content type; up to TEST_REPORT_MAX_BYTES, 413 above);
   * several per run. Answers the upload's counts; a malformed or hostile report is 400 and stores nothing.
   */
  @ApiCall('Upload a JUnit XML report of a run', 201, 'The upload\'s counts.')
  @ApiConsumes('application/xml', 'text/xml')
  @ApiBody({ description: 'A JUnit XML report (up to TEST_REPORT_MAX_BYTES).', schema: { type: 'string' } })
  @Post(':id/test-results')
  @HttpCode(201)
  async testResults(@Param('id') id: string, @Req() req: Request) {
    const report = typeof req.body === 'string' ? req.body : '';
    if (!report.trim()) throw new BadRequestException('the body must be a JUnit XML report (e.g. Content-Type: application/xml)');
    const data = await this.graphql.run<{ uploadTestResults: unknown }>(
      `mutation ($id: ID!, $report: String!) {
        uploadTestResults(buildRunId: $id, report: $report) { id buildRunId total passed failed errored skipped infraFailure duplicate }
      }`,
      { id, report },
      req,
    );
    return data.uploadTestResults;
  }

  /** The tests of `repository` quarantined now, for CI to skip or ignore: `testIds` plus each test's identity and quarantine. */
  @ApiCall('Tests of a repository quarantined now', 200, '`{ repository, testIds, tests }`.')
  @ApiQuery({ name: 'repository', required: true, description: '`owner/name`.', schema: { type: 'string' } })
  @Get('quarantine')
  async quarantine(@Query('repository') repository: string | undefined, @Req() req: Request) {
    if (!repository) throw new BadRequestException('query parameter repository (owner/name) is required');
    const data = await this.graphql.run<{ quarantinedTests: { test: { id: string } }[] }>(
      `query ($repository: String!) { quarantinedTests(repository: $repository) { test { id suite classname name } owner reason until } }`,
      { repository },
      req,
    );
    return { repository, testIds: data.quarantinedTests.map((q) => q.test.id), tests: data.quarantinedTests };
  }
}
