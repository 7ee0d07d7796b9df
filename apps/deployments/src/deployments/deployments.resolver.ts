import { actorOf, PageArgs, RequestContext, RequiresRole } from '@companyos/platform';
import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver, ResolveReference } from '@nestjs/graphql';
import { Incident } from '../incidents/incident.model';
import { IncidentRecordsService } from '../incidents/incident-records.service';
import { CreateDeploymentInput } from './dto/create-deployment.input';
import { LinkIncidentToDeploymentArgs, RollbackDeploymentInput } from './dto/deployment-args';
import { DeploymentsFilter, DeploymentStatsFilter } from './dto/deployments-filter.input';
import { toDeployment } from './deployment.mapper';
import { Deployment, DeploymentConnection, DeploymentSourceReport, DeploymentStats } from './deployment.model';
import { DeploymentsService } from './deployments.service';

@Resolver(() => Deployment)
export class DeploymentsResolver {
  constructor(
    private readonly service: DeploymentsService,
    private readonly incidents: IncidentRecordsService,
  ) {}

  @Query(() => Deployment, { description: 'One deployment by id; DEPLOYMENT_NOT_FOUND if there is none.' })
  async deployment(@Args('id', { type: () => ID }) id: string): Promise<Deployment> {
    return toDeployment(await this.service.findById(id));
  }

  @Query(() => DeploymentConnection, { description: 'Deployments, newest first.' })
  deployments(@Args('filter', { type: () => DeploymentsFilter, nullable: true }) filter: DeploymentsFilter | undefined, @Args() page: PageArgs) {
    return this.service.list(filter, page.first, page.after);
  }

  @Query(() => DeploymentStats)
  deploymentStats(@Args('filter', { type: () => DeploymentStatsFilter, nullable: true }) filter: DeploymentStatsFilter | undefined) {
    return this.service.stats(filter);
  }

  @RequiresRole('responder')

  @Mutation(() => Deployment, { description: 'Records a deployment (the seed’s CI/CD call); IN_PROGRESS unless a status is given.' })
  async createDeployment(@Args('input') input: CreateDeploymentInput): Promise<Deployment> {
    return toDeployment(await this.service.create(input));
  }

  @RequiresRole('responder')

  @Mutation(() => Deployment, { description: 'Marking it SUCCEEDED again is a no-op; a FAILED or ROLLED_BACK one cannot be.' })
  async markDeploymentSucceeded(@Args('id', { type: () => ID }) id: string): Promise<Deployment> {
    return toDeployment(await this.service.markSucceeded(id));
  }

  @RequiresRole('responder')

  @Mutation(() => Deployment, { description: 'Marking it FAILED again is a no-op; a SUCCEEDED one cannot be (roll it back).' })
  async markDeploymentFailed(@Args('id', { type: () => ID }) id: string): Promise<Deployment> {
    return toDeployment(await this.service.markFailed(id));
  }

  @RequiresRole('responder')

  @Mutation(() => Deployment, {
    description: 'Marks a finished deployment ROLLED_BACK and returns the rollback: a new SUCCEEDED deployment of the version rolled back to.',
  })
  async rollbackDeployment(
    @Args('id', { type: () => ID }) id: string,
    @Args('input', { type: () => RollbackDeploymentInput, nullable: true }) input: RollbackDeploymentInput | undefined,
    @Context() ctx: RequestContext,
  ): Promise<Deployment> {
    return toDeployment(await this.service.rollback(id, input ?? {}, actorOf(ctx)));
  }

  @RequiresRole('responder')

  @Mutation(() => Incident, { description: 'Says which deployment caused an incident (for the change failure rate); replaces the automatic attribution.' })
  async linkIncidentToDeployment(@Args() { incidentId, deploymentId }: LinkIncidentToDeploymentArgs, @Context() ctx: RequestContext): Promise<Incident> {
    const record = await this.incidents.link(incidentId, deploymentId, actorOf(ctx));
    return { id: record.incidentId };
  }

  @ResolveField(() => Deployment, { nullable: true, description: 'For a rollback: the deployment it rolled back.' })
  async rollbackOf(@Parent() deployment: Deployment, @Context() ctx: RequestContext): Promise<Deployment | null> {
    if (!deployment.rollbackOfId) return null;
    const loader = ctx.loaders.get('deployment.byId', (ids: readonly string[]) => this.service.byIds(ids));
    const found = await loader.load(deployment.rollbackOfId);
    return found ? toDeployment(found) : null;
  }

  @ResolveField(() => [DeploymentSourceReport], { description: 'Every report of this deployment (GitHub deployment, workflow run, API call), oldest first.' })
  async sources(@Parent() deployment: Deployment, @Context() ctx: RequestContext): Promise<DeploymentSourceReport[]> {
    const loader = ctx.loaders.get('deployment.sources', (ids: readonly string[]) => this.service.sourcesOf(ids));
    return (await loader.load(deployment.id)).map(({ kind, reference, url, reportedAt }) => ({ kind, reference, url, reportedAt }));
  }

  @ResolveField(() => [Incident], { description: 'Incidents attributed to this deployment (automatically or by a person).' })
  async causedIncidents(@Parent() deployment: Deployment, @Context() ctx: RequestContext): Promise<Incident[]> {
    const loader = ctx.loaders.get('deployment.incidents', (ids: readonly string[]) => this.incidents.byDeployments(ids));
    return (await loader.load(deployment.id)).map((record) => ({ id: record.incidentId }));
  }

  /** A deployment by reference from another subgraph (builds adds Deployment.buildRun). */
  @ResolveReference()
  async resolveReference(reference: { id: string }, ctx: RequestContext): Promise<Deployment | null> {
    const loader = ctx.loaders.get('deployment.byId', (ids: readonly string[]) => this.service.byIds(ids));
    const found = await loader.load(reference.id);
    return found ? toDeployment(found) : null;
  }
}
