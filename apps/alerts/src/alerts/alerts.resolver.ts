import { actorOf, PageArgs, RequestContext, RequiresRole } from '@companyos/platform';
import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver, ResolveReference } from '@nestjs/graphql';
import { Incident } from '../incidents/incident.model';
import { LinkAlertToIncidentArgs, SilenceAlertArgs } from './dto/alert-args';
import { AlertsFilter } from './dto/alerts-filter.input';
import { toAlert } from './alert.mapper';
import { Alert, AlertConnection } from './alert.model';
import { AlertsService } from './alerts.service';

@Resolver(() => Alert)
export class AlertsResolver {
  constructor(private readonly service: AlertsService) {}

  @Query(() => Alert, { description: 'One alert by id; ALERT_NOT_FOUND if there is none.' })
  async alert(@Args('id', { type: () => ID }) id: string): Promise<Alert> {
    return toAlert(await this.service.findById(id));
  }

  @Query(() => AlertConnection, { description: 'Alerts, newest first.' })
  alerts(@Args('filter', { type: () => AlertsFilter, nullable: true }) filter: AlertsFilter | undefined, @Args() page: PageArgs) {
    return this.service.list(filter, page.first, page.after);
  }

  @Query(() => [Alert], { description: 'Alerts firing now (at most 1000), most severe first, then newest.' })
  async firingAlerts(): Promise<Alert[]> {
    return (await this.service.firing()).map(toAlert);
  }

  @RequiresRole('responder')

  @Mutation(() => Alert)
  async acknowledgeAlert(@Args('id', { type: () => ID }) id: string, @Context() ctx: RequestContext): Promise<Alert> {
    return toAlert(await this.service.acknowledge(id, actorOf(ctx)));
  }

  @RequiresRole('responder')

  @Mutation(() => Alert)
  async resolveAlert(@Args('id', { type: () => ID }) id: string, @Context() ctx: RequestContext): Promise<Alert> {
    return toAlert(await this.service.resolve(id, actorOf(ctx)));
  }

  @RequiresRole('responder')

  @Mutation(() => Alert)
  async silenceAlert(@Args() { id, until }: SilenceAlertArgs): Promise<Alert> {
    return toAlert(await this.service.silence(id, until));
  }

  @RequiresRole('responder')

  @Mutation(() => Alert)
  async linkAlertToIncident(@Args() { alertId, incidentId }: LinkAlertToIncidentArgs, @Context() ctx: RequestContext): Promise<Alert> {
    return toAlert(await this.service.linkToIncident(alertId, incidentId, actorOf(ctx)));
  }

  @ResolveField(() => Incident, { nullable: true })
  incident(@Parent() alert: Alert): Incident | null {
    return alert.incidentId ? { id: alert.incidentId } : null;
  }

  /** Another subgraph's reference to an alert (the runbooks subgraph's suggestions read its name, service and runbook_url). */
  @ResolveReference()
  async resolveReference(reference: { id: string }, @Context() ctx: RequestContext): Promise<Alert | null> {
    const alert = await ctx.loaders.get('alert.byId', (ids: readonly string[]) => this.service.byIds(ids)).load(reference.id);
    return alert ? toAlert(alert) : null;
  }
}
