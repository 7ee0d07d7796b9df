import { RequestContext } from '@companyos/platform';
import { Context, Directive, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { toBuildRun } from '../runs/build-run.mapper';
import { BuildRun } from '../runs/build-run.model';
import { BuildRunsService } from '../runs/build-runs.service';
import { Deployment } from './deployment.model';

@Resolver(() => Deployment)
export class DeploymentsResolver {
  constructor(private readonly runs: BuildRunsService) {}

  @ResolveField(() => BuildRun, { nullable: true, description: 'The latest build run of the same repository and commit; null when none is known.' })
  @Directive('@requires(fields: "repository commitSha")')
  async buildRun(@Parent() deployment: Deployment, @Context() ctx: RequestContext): Promise<BuildRun | null> {
    if (!deployment.repository || !deployment.commitSha) return null;
    const loader = ctx.loaders.get('deployment.buildRun', (keys: readonly string[]) => this.runs.latestByCommits(keys.map((key) => JSON.parse(key))));
    const run = await loader.load(JSON.stringify([deployment.repository, deployment.commitSha]));
    return run ? toBuildRun(run) : null;
  }
}
