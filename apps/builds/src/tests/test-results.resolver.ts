import { actorOf, RequestContext, RequiresRole } from '@companyos/platform';
import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { BuildRun } from '../runs/build-run.model';
import { FlakyTestsArgs, QuarantineTestArgs, RunTestResultsArgs, UploadTestResultsArgs } from './dto/test-args';
import { TestResultsService } from './test-results.service';
import { FlakyTest, Quarantine, TestResult, TestUpload } from './test.model';

@Resolver(() => BuildRun)
export class TestResultsResolver {
  constructor(private readonly service: TestResultsService) {}

  @RequiresRole('responder')
  @Mutation(() => TestUpload, { description: 'A JUnit XML report of a run (REST: POST /api/companyos/builds/:id/test-results).' })
  uploadTestResults(@Args() { buildRunId, report }: UploadTestResultsArgs): Promise<TestUpload> {
    return this.service.upload(buildRunId, report);
  }

  @Query(() => [FlakyTest], { description: 'The flaky-test radar of a repository: its top offenders over the window.' })
  flakyTests(@Args() { repository, first, days, states }: FlakyTestsArgs): Promise<FlakyTest[]> {
    return this.service.flakyTests(repository, first, days, states);
  }

  @RequiresRole('admin')
  @Mutation(() => Quarantine, { description: 'Quarantines a test until a time (CI reads GET /api/companyos/builds/quarantine?repository=…).' })
  quarantineTest(@Args() { testId, owner, until, reason }: QuarantineTestArgs, @Context() ctx: RequestContext): Promise<Quarantine> {
    return this.service.quarantine(testId, owner, until, reason, actorOf(ctx));
  }

  @Query(() => [Quarantine], { description: 'Tests of a repository quarantined now (expired ones are not listed).' })
  quarantinedTests(@Args('repository') repository: string): Promise<Quarantine[]> {
    return this.service.quarantined(repository);
  }

  @ResolveField(() => [TestResult], { description: 'Test results of its uploads, failures first.' })
  testResults(@Parent() run: BuildRun, @Args() { first }: RunTestResultsArgs, @Context() ctx: RequestContext): Promise<TestResult[]> {
    const loader = ctx.loaders.get(`buildRun.testResults:${first}`, (ids: readonly string[]) => this.service.resultsByRuns(ids, first));
    return loader.load(run.id);
  }

  @ResolveField(() => [TestUpload], { description: 'Its JUnit uploads.' })
  testUploads(@Parent() run: BuildRun, @Context() ctx: RequestContext): Promise<TestUpload[]> {
    const loader = ctx.loaders.get('buildRun.testUploads', (ids: readonly string[]) => this.service.uploadsByRuns(ids));
    return loader.load(run.id);
  }
}
