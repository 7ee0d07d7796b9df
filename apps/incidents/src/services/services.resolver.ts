import { RequestContext } from '@companyos/platform';
import { Args, Context, Directive, Parent, Query, ResolveField, Resolver, ResolveReference } from '@nestjs/graphql';
import { toIncident } from '../incidents/incident.mapper';
import { Incident } from '../incidents/incident.model';
import { IncidentsService } from '../incidents/incidents.service';
import { Service } from './service.model';

@Resolver(() => Service)
export class ServicesResolver {
  constructor(private readonly incidents: IncidentsService) {}

  @Query(() => Service, { description: 'A service by name, with what every domain knows of it.' })
  @Directive('@shareable')
  service(@Args('name') name: string): Service {
    return { name };
  }

  @ResolveField(() => [Incident], { description: 'Incidents affecting this service that are not resolved.' })
  async activeIncidents(@Parent() service: Service, @Context() ctx: RequestContext): Promise<Incident[]> {
    const loader = ctx.loaders.get('service.activeIncidents', (names: readonly string[]) =>
      this.incidents.activeByServices(names),
    );
    return (await loader.load(service.name)).map(toIncident);
  }

  @ResolveReference()
  resolveReference(reference: { name: string }): Service {
    return { name: reference.name };
  }
}
