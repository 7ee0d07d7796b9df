import { RequestContext } from '@companyos/platform';
import { Context, Parent, ResolveField, Resolver, ResolveReference } from '@nestjs/graphql';
import { toAlert } from '../alerts/alert.mapper';
import { Alert } from '../alerts/alert.model';
import { AlertsService } from '../alerts/alerts.service';
import { Incident } from './incident.model';

@Resolver(() => Incident)
export class IncidentsResolver {
  constructor(private readonly alertsService: AlertsService) {}

  @ResolveField(() => [Alert], { description: 'Alerts attached to the incident, oldest first.' })
  async alerts(@Parent() incident: Incident, @Context() ctx: RequestContext): Promise<Alert[]> {
    const loader = ctx.loaders.get('incident.alerts', (ids: readonly string[]) => this.alertsService.byIncidents(ids));
    return (await loader.load(incident.id)).map(toAlert);
  }

  @ResolveReference()
  resolveReference(reference: { id: string }): Incident {
    return { id: reference.id };
  }
}
