import { DomainError, RequestContext } from '@companyos/platform';
import { Args, Context, Directive, Int, Parent, Query, ResolveField, Resolver, ResolveReference } from '@nestjs/graphql';
import { toDeployment } from '../deployments/deployment.mapper';
import { Deployment } from '../deployments/deployment.model';
import { DeploymentsService } from '../deployments/deployments.service';
import { DoraPeriodArgs } from '../dora/dto/dora-args';
import { DoraMetrics } from '../dora/dora.model';
import { DoraService } from '../dora/dora.service';
import { Service } from './service.model';

@Resolver(() => Service)
export class ServicesResolver {
  constructor(
    private readonly deployments: DeploymentsService,
    private readonly doraService: DoraService,
  ) {}

  @Query(() => Service, { description: 'A service by name, with what every domain knows of it.' })
  @Directive('@shareable')
  service(@Args('name') name: string): Service {
    return { name };
  }

  @ResolveField(() => [Deployment], { description: 'Its latest deployments to any environment, newest first.' })
  async recentDeployments(
    @Parent() service: Service,
    @Context() ctx: RequestContext,
    @Args('limit', { type: () => Int, defaultValue: 10, description: '1–50.' }) limit: number,
  ): Promise<Deployment[]> {
    if (!Number.isInteger(limit) || limit < 1 || limit > 50) throw new DomainError('INVALID_LIMIT', `limit must be between 1 and 50, not ${limit}`);
    const loader = ctx.loaders.get(`service.recentDeployments.${limit}`, (names: readonly string[]) => this.deployments.recentByServices(names, limit));
    return (await loader.load(service.name)).map(toDeployment);
  }

  @ResolveField(() => DoraMetrics, { description: 'Its DORA metrics (default: production, the last 30 days by week).' })
  dora(@Parent() service: Service, @Args() args: DoraPeriodArgs): Promise<DoraMetrics> {
    return this.doraService.metrics({ ...args, serviceName: service.name });
  }

  @ResolveReference()
  resolveReference(reference: { name: string }): Service {
    return { name: reference.name };
  }
}
