import { PageArgs, RequestContext, RequiresRole } from '@companyos/platform';
import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
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
