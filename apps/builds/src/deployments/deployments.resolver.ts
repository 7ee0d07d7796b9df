import { RequestContext } from '@companyos/platform';
import { Context, Directive, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { toBuildRun } from '../runs/build-run.mapper';
import { BuildRun } from '../runs/build-run.model';
import { BuildRunsService } from '../runs/build-runs.service';
import { Deployment } from './deployment.model';

/** The Actions run (and attempt) a run, job or attempt page names: `…/actions/runs/<id>[/attempts/<n>]`. */
export function actionsRunOf(url: string | null | undefined): { runId: string; attempt: number | null } | null {
  const match = url ? /\/actions\/runs\/(\d{1,20})(?:\/attempts\/(\d{1,6}))?(?:[/?#]|$)/.exec(url) : null;
  return match ? { runId: match[1], attempt: match[2] ? Number(match[2]) : null } : null;
}

@Resolver(() => Deployment)
export class DeploymentsResolver {
  constructor(private readonly runs: BuildRunsService) {}

  @ResolveField(() => BuildRun, {
    nullable: true,
    description:
      'The run its deployment_status (or deploy workflow run) names, when that run is known here (its attempt if the URL names one, else the latest); otherwise the latest build run of the same repository and commit; null when none is known.',
  })
  @Directive('@requires(fields: "repository commitSha githubRunUrl")')
  async buildRun(@Parent() deployment: Deployment, @Context() ctx: RequestContext): Promise<BuildRun | null> {
    const named = deployment.repository ? actionsRunOf(deployment.githubRunUrl) : null;
    if (named) {
      const loader = ctx.loaders.get('deployment.namedRun', (keys: readonly string[]) => this.runs.githubRuns(keys.map((key) => JSON.parse(key))));
      const run = await loader.load(JSON.stringify([deployment.repository, named.runId, named.attempt]));
      if (run) return toBuildRun(run);
    }
    if (!deployment.repository || !deployment.commitSha) return null;
    const loader = ctx.loaders.get('deployment.buildRun', (keys: readonly string[]) => this.runs.latestByCommits(keys.map((key) => JSON.parse(key))));
    const run = await loader.load(JSON.stringify([deployment.repository, deployment.commitSha]));
    return run ? toBuildRun(run) : null;
  }
}
