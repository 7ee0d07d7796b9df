import { DomainError, RequestContext } from '@companyos/platform';
import { Args, Context, Directive, Parent, Query, ResolveField, Resolver, ResolveReference } from '@nestjs/graphql';
import { PipelineAnalyticsService } from '../analytics/pipeline-analytics.service';
import { BuildHealth } from '../analytics/pipeline-stats.model';
import { CommitTests } from '../tests/commit-tests.model';
import { TestResultsService } from '../tests/test-results.service';
import { Service } from './service.model';

@Resolver(() => Service)
export class ServicesResolver {
  constructor(
    private readonly analytics: PipelineAnalyticsService,
    private readonly tests: TestResultsService,
  ) {}

  @Query(() => Service, { description: 'A service by name, with what every domain knows of it.' })
  @Directive('@shareable')
  service(@Args('name') name: string): Service {
    return { name };
  }

  @ResolveField(() => BuildHealth, { description: 'Success rate, p50 duration and flaky tests of the repository named like the service (`name` or `owner/name`).' })
  buildHealth(@Parent() service: Service, @Context() ctx: RequestContext): Promise<BuildHealth> {
    const loader = ctx.loaders.get('service.buildHealth', (names: readonly string[]) => this.analytics.buildHealth(names));
    return loader.load(service.name) as Promise<BuildHealth>;
  }

  @ResolveField(() => CommitTests, { description: 'Failing and flaky tests on a commit of the repository named like the service (the release gate reads it); runs 0 when no run of the commit is known.' })
  commitTests(@Parent() service: Service, @Args('commitSha', { type: () => String }) commitSha: string): Promise<CommitTests> {
    if (!/^[0-9a-fA-F]{7,64}$/.test(commitSha)) throw new DomainError('INVALID_COMMIT_SHA', `commitSha must be 7–64 hexadecimal characters, not "${commitSha.slice(0, 80)}"`);
    return this.tests.commitTests(service.name, commitSha);
  }

  @ResolveReference()
  resolveReference(reference: { name: string }): Service {
    return { name: reference.name };
  }
}
