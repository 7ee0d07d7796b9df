import { RequestContext } from '@companyos/platform';
import { Args, Context, Int, Parent, ResolveField, Resolver, ResolveReference } from '@nestjs/graphql';
import { SimilarIncident } from '../copilot/copilot.model';
import { CopilotService } from '../copilot/copilot.service';
import { toPostmortem } from '../postmortems/postmortem.mapper';
import { Postmortem } from '../postmortems/postmortem.model';
import { PostmortemsService } from '../postmortems/postmortems.service';
import { Incident } from './incident.model';

@Resolver(() => Incident)
export class IncidentsResolver {
  constructor(
    private readonly postmortems: PostmortemsService,
    private readonly copilot: CopilotService,
  ) {}

  @ResolveField(() => [SimilarIncident], {
    description: 'Past incidents like this one (the local copilot): same services and alert names first, then full-text matches; a published postmortem ranks up.',
  })
  async similarIncidents(
    @Parent() incident: Incident,
    @Args('first', { type: () => Int, defaultValue: 5, description: 'How many (1–20).' }) first: number,
  ): Promise<SimilarIncident[]> {
    const ranked = await this.copilot.similar(incident.id, Math.min(Math.max(first, 1), 20));
    return ranked.map((each) => ({
      incident: { id: each.incidentId },
      score: each.score,
      reason: each.reason,
      sharedServices: each.sharedServices,
      sharedAlertNames: each.sharedAlertNames,
      matchedTerms: each.matchedTerms,
      hasPublishedPostmortem: each.hasPublishedPostmortem,
    }));
  }

  @ResolveField(() => String, { nullable: true, description: 'A readable summary of the timeline: when detected, acknowledged, mitigated, resolved, and each duration.' })
  summary(@Parent() incident: Incident): Promise<string | null> {
    return this.copilot.summary(incident.id);
  }

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
