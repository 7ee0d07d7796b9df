import { RequestContext } from '@companyos/platform';
import { Context, Parent, ResolveField, Resolver, ResolveReference } from '@nestjs/graphql';
import { toPostmortem } from '../postmortems/postmortem.mapper';
import { Postmortem } from '../postmortems/postmortem.model';
import { PostmortemsService } from '../postmortems/postmortems.service';
import { Incident } from './incident.model';

@Resolver(() => Incident)
export class IncidentsResolver {
  constructor(private readonly postmortems: PostmortemsService) {}

  @ResolveField(() => Postmortem, { nullable: true, description: "The incident's postmortem (drafted, in review or published), if any." })
  async postmortem(@Parent() incident: Incident, @Context() ctx: RequestContext): Promise<Postmortem | null> {
    const loader = ctx.loaders.get('incident.postmortem', (ids: readonly string[]) => this.postmortems.byIncidents(ids));
    const row = await loader.load(incident.id);
    return row ? toPostmortem(row) : null;
  }

  @ResolveReference()
  resolveReference(reference: { id: string }): Incident {
    return { id: reference.id };
  }
}
