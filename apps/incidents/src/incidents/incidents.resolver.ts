import { actorOf, byKeys, PageArgs, RequestContext, RequiresRole } from '@companyos/platform';
import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver, ResolveReference } from '@nestjs/graphql';
import { CreateIncidentInput } from './dto/create-incident.input';
import { AddIncidentNoteArgs, AssignCommanderArgs } from './dto/incident-text.args';
import { IncidentsFilter } from './dto/incidents-filter.input';
import { ResolveIncidentInput } from './dto/resolve-incident.input';
import { UpdateIncidentInput } from './dto/update-incident.input';
import { toIncident, toTimelineEntry } from './incident.mapper';
import { Incident, IncidentConnection, TimelineEntry } from './incident.model';
import { IncidentsService } from './incidents.service';
import { Service } from '../services/service.model';

@Resolver(() => Incident)
export class IncidentsResolver {
  constructor(private readonly service: IncidentsService) {}

  @Query(() => Incident, { description: 'One incident by id; INCIDENT_NOT_FOUND if there is none.' })
  async incident(@Args('id', { type: () => ID }) id: string): Promise<Incident> {
    return toIncident(await this.service.findById(id));
  }

  @Query(() => IncidentConnection, { description: 'Incidents, newest first.' })
  incidents(
    @Args('filter', { type: () => IncidentsFilter, nullable: true }) filter: IncidentsFilter | undefined,
    @Args() page: PageArgs,
  ) {
    return this.service.list(filter, page.first, page.after);
  }

  @RequiresRole('responder')

  @Mutation(() => Incident)
  async createIncident(@Args('input') input: CreateIncidentInput, @Context() ctx: RequestContext): Promise<Incident> {
    return toIncident(await this.service.create(input, actorOf(ctx)));
  }

  @RequiresRole('responder')

  @Mutation(() => Incident)
  async updateIncident(
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateIncidentInput,
    @Context() ctx: RequestContext,
  ): Promise<Incident> {
    return toIncident(await this.service.update(id, input, actorOf(ctx)));
  }

  @RequiresRole('responder')

  @Mutation(() => Incident)
  async acknowledgeIncident(@Args('id', { type: () => ID }) id: string, @Context() ctx: RequestContext): Promise<Incident> {
    return toIncident(await this.service.acknowledge(id, actorOf(ctx)));
  }

  @RequiresRole('responder')

  @Mutation(() => Incident)
  async assignCommander(@Args() { id, commander }: AssignCommanderArgs, @Context() ctx: RequestContext): Promise<Incident> {
    return toIncident(await this.service.assignCommander(id, commander, actorOf(ctx)));
  }

  @RequiresRole('responder')

  @Mutation(() => Incident)
  async resolveIncident(
    @Args('id', { type: () => ID }) id: string,
    @Args('input', { type: () => ResolveIncidentInput, nullable: true }) input: ResolveIncidentInput | undefined,
    @Context() ctx: RequestContext,
  ): Promise<Incident> {
    return toIncident(await this.service.resolve(id, input ?? {}, actorOf(ctx)));
  }

  @RequiresRole('responder')

  @Mutation(() => Incident)
  async reopenIncident(@Args('id', { type: () => ID }) id: string, @Context() ctx: RequestContext): Promise<Incident> {
    return toIncident(await this.service.reopen(id, actorOf(ctx)));
  }

  @RequiresRole('responder')

  @Mutation(() => Incident)
  async addIncidentNote(@Args() { id, note }: AddIncidentNoteArgs, @Context() ctx: RequestContext): Promise<Incident> {
    return toIncident(await this.service.addNote(id, note, actorOf(ctx)));
  }

  @ResolveField(() => [TimelineEntry], { description: 'Every change, oldest first.' })
  async timeline(@Parent() incident: Incident, @Context() ctx: RequestContext): Promise<TimelineEntry[]> {
    const loader = ctx.loaders.get('incident.timeline', (ids: readonly string[]) => this.service.timelines(ids));
    return (await loader.load(incident.id)).map(toTimelineEntry);
  }

  @ResolveField(() => [Service], {
    description: 'Its affected services as services of the graph: each one\'s recent deployments, on-call, SLOs and firing alerts, from their own subgraphs.',
  })
  services(@Parent() incident: Incident): Service[] {
    return incident.affectedServices.map((name) => ({ name }));
  }

  /** Entity references from other subgraphs, batched per request. Nest passes (reference, context) here. */
  @ResolveReference()
  async resolveReference(reference: { id: string }, ctx: RequestContext): Promise<Incident | null> {
    const loader = ctx.loaders.get('incident.byId', async (ids: readonly string[]) =>
      byKeys(ids, await this.service.findByIds(ids), (row) => row.id),
    );
    const entity = await loader.load(reference.id);
    return entity ? toIncident(entity) : null;
  }
}
