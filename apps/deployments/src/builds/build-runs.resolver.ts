import { RequestContext } from '@companyos/platform';
import { Context, Directive, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { toDeployment } from '../deployments/deployment.mapper';
import { Deployment } from '../deployments/deployment.model';
import { DeploymentsService } from '../deployments/deployments.service';
import { BuildRun } from './build-run.model';

@Resolver(() => BuildRun)
export class BuildRunsResolver {
  constructor(private readonly service: DeploymentsService) {}

  @ResolveField(() => [Deployment], {
    description: 'The deployments this run produced: those whose report names the run (a deployment_status log or target URL, a workflow run, the REST githubRunUrl), and those of the same repository and commit; newest first, at most 50.',
  })
  @Directive('@requires(fields: "repository commitSha url")')
  async deployments(@Parent() run: BuildRun, @Context() ctx: RequestContext): Promise<Deployment[]> {
    const loader = ctx.loaders.get('buildRun.deployments', (keys: readonly string[]) => this.service.byBuildRuns(keys.map((key) => JSON.parse(key))));
    return (await loader.load(JSON.stringify({ repository: run.repository, commitSha: run.commitSha, url: run.url ?? null }))).map(toDeployment);
  }
}
