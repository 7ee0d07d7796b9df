import { RequestContext } from '@companyos/platform';
import { Context, Parent, ResolveField, Resolver, ResolveReference } from '@nestjs/graphql';
import { toDeployment } from '../deployments/deployment.mapper';
import { Deployment } from '../deployments/deployment.model';
import { DeploymentsService } from '../deployments/deployments.service';
import { IncidentRecordsService } from './incident-records.service';
import { Incident } from './incident.model';

@Resolver(() => Incident)
export class IncidentsResolver {
  constructor(
    private readonly records: IncidentRecordsService,
    private readonly deployments: DeploymentsService,
  ) {}

  @ResolveField(() => Deployment, {
    nullable: true,
    description: 'The deployment that caused it: linked by a person, else the last successful production deployment of an affected service before it started.',
  })
  async causedBy(@Parent() incident: Incident, @Context() ctx: RequestContext): Promise<Deployment | null> {
    const records = ctx.loaders.get('incident.record', (ids: readonly string[]) => this.records.byIds(ids));
    const deploymentId = (await records.load(incident.id))?.deploymentId;
    if (!deploymentId) return null;
    const deployments = ctx.loaders.get('deployment.byId', (ids: readonly string[]) => this.deployments.byIds(ids));
    const found = await deployments.load(deploymentId);
    return found ? toDeployment(found) : null;
  }

  @ResolveReference()
  resolveReference(reference: { id: string }): Incident {
    return { id: reference.id };
  }
}
