import { PageArgs, RequestContext, RequiresRole } from '@companyos/platform';
import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver, ResolveReference } from '@nestjs/graphql';
import { FailureRisk } from '../prediction/failure-risk.model';
import { FailurePredictionService } from '../prediction/failure-prediction.service';
import { FinishBuildInput, ReportBuildInput } from '../reports/build-report.input';
import { BuildReportsService } from '../reports/build-reports.service';
import { BuildRunsFilter } from './dto/build-runs-filter.input';
import { toArtifact, toBuildRun, toStage, toTask } from './build-run.mapper';
import { Artifact, BuildRun, BuildRunConnection, Stage, Task } from './build-run.model';
import { BuildRunsService } from './build-runs.service';

@Resolver(() => BuildRun)
export class BuildRunsResolver {
  constructor(
    private readonly service: BuildRunsService,
    private readonly reports: BuildReportsService,
    private readonly predictions: FailurePredictionService,
  ) {}

  @Query(() => BuildRun, { description: 'One build run by id; BUILD_RUN_NOT_FOUND if there is none.' })
  async buildRun(@Args('id', { type: () => ID }) id: string): Promise<BuildRun> {
    return toBuildRun(await this.service.findById(id));
  }

  @Query(() => BuildRunConnection, { description: 'Build runs, newest first.' })
  buildRuns(@Args('filter', { type: () => BuildRunsFilter, nullable: true }) filter: BuildRunsFilter | undefined, @Args() page: PageArgs) {
    return this.service.list(filter, page.first, page.after);
  }

  @RequiresRole('responder')
  @Mutation(() => BuildRun, { description: 'A run another CI reports as it starts (REST: POST /api/companyos/builds).' })
  async reportBuild(@Args('input') input: ReportBuildInput): Promise<BuildRun> {
    return toBuildRun(await this.reports.report(input));
  }

  @RequiresRole('responder')
  @Mutation(() => BuildRun, { description: 'How a reported run ended (REST: POST /api/companyos/builds/:id/finished).' })
  async finishBuild(@Args('id', { type: () => ID }) id: string, @Args('input') input: FinishBuildInput): Promise<BuildRun> {
    return toBuildRun(await this.reports.finish(id, input));
  }

  @ResolveField(() => [Stage], { description: 'One per job, in the order they were created.' })
  async stages(@Parent() run: BuildRun, @Context() ctx: RequestContext): Promise<Stage[]> {
    const loader = ctx.loaders.get('buildRun.stages', (ids: readonly string[]) => this.service.stagesByRuns(ids));
    return (await loader.load(run.id)).map(toStage);
  }

  @ResolveField(() => FailureRisk, {
    description:
      "How likely the run is to fail, from the repository's logistic regression and what was known when the run started; served only where the model beats the baseline \"same outcome as the last run of this workflow and branch\" on failing-class F1, else unavailableBecause says why.",
  })
  async failureRisk(@Parent() run: BuildRun, @Context() ctx: RequestContext): Promise<FailureRisk> {
    const loader = ctx.loaders.get('buildRun.failureRisk', async (ids: readonly string[]) => this.predictions.risks(await this.service.findByIds(ids)));
    return loader.load(run.id);
  }

  @ResolveReference()
  async resolveReference(reference: { id: string }, ctx: RequestContext): Promise<BuildRun | null> {
    const loader = ctx.loaders.get('buildRun.byId', async (ids: readonly string[]) => {
      const rows = await this.service.findExistingByIds(ids);
      return rows.map((row) => (row ? toBuildRun(row) : null));
    });
    return loader.load(reference.id);
  }

  @ResolveField(() => [Artifact])
  async artifacts(@Parent() run: BuildRun, @Context() ctx: RequestContext): Promise<Artifact[]> {
    const loader = ctx.loaders.get('buildRun.artifacts', (ids: readonly string[]) => this.service.artifactsByRuns(ids));
    return (await loader.load(run.id)).map(toArtifact);
  }
}

@Resolver(() => Stage)
export class StagesResolver {
  constructor(private readonly service: BuildRunsService) {}

  @ResolveField(() => [Task], { description: 'Its steps, by number.' })
  async tasks(@Parent() stage: Stage, @Context() ctx: RequestContext): Promise<Task[]> {
    const loader = ctx.loaders.get('stage.tasks', (ids: readonly string[]) => this.service.tasksByStages(ids));
    return (await loader.load(stage.id)).map(toTask);
  }
}
