import { RequestContext } from '@companyos/platform';
import { Args, Context, Directive, Parent, Query, ResolveField, Resolver, ResolveReference } from '@nestjs/graphql';
import { PipelineAnalyticsService } from '../analytics/pipeline-analytics.service';
import { BuildHealth } from '../analytics/pipeline-stats.model';
import { Service } from './service.model';

@Resolver(() => Service)
export class ServicesResolver {
  constructor(private readonly analytics: PipelineAnalyticsService) {}

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

  @ResolveReference()
  resolveReference(reference: { name: string }): Service {
    return { name: reference.name };
  }
}
