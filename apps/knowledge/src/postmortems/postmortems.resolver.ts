import { actorOf, PageArgs, RequestContext, RequiresRole } from '@companyos/platform';
import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { SuggestedActionItem } from '../copilot/copilot.model';
import { CopilotService } from '../copilot/copilot.service';
import { toActionItem } from '../action-items/action-item.mapper';
import { ActionItem } from '../action-items/action-item.model';
import { ActionItemsService } from '../action-items/action-items.service';
import { Incident } from '../incidents/incident.model';
import { CreatePostmortemInput, PostmortemsFilter, UpdatePostmortemInput } from './dto/postmortem.input';
import { toPostmortem } from './postmortem.mapper';
import { Postmortem, PostmortemConnection } from './postmortem.model';
import { PostmortemsService } from './postmortems.service';

@Resolver(() => Postmortem)
export class PostmortemsResolver {
  constructor(
    private readonly service: PostmortemsService,
    private readonly actionItemsService: ActionItemsService,
    private readonly copilot: CopilotService,
  ) {}

  @ResolveField(() => [SuggestedActionItem], { description: 'Action items of similar incidents’ postmortems this one lacks, near-duplicates merged.' })
  suggestedActionItems(
    @Parent() postmortem: Postmortem,
    @Args('first', { type: () => Int, defaultValue: 5, description: 'How many (1–20).' }) first: number,
  ): Promise<SuggestedActionItem[]> {
    return this.copilot.suggestedActionItems(postmortem.id, postmortem.incidentId, Math.min(Math.max(first, 1), 20));
  }

  @Query(() => Postmortem, { description: 'One postmortem by id; POSTMORTEM_NOT_FOUND if there is none.' })
  async postmortem(@Args('id', { type: () => ID }) id: string): Promise<Postmortem> {
    return toPostmortem(await this.service.findById(id));
  }

  @Query(() => PostmortemConnection, { description: 'Postmortems, newest first.' })
  postmortems(@Args('filter', { type: () => PostmortemsFilter, nullable: true }) filter: PostmortemsFilter | undefined, @Args() page: PageArgs) {
    return this.service.list(filter, page.first, page.after);
  }

  @RequiresRole('responder')
  @Mutation(() => Postmortem, {
    description: 'Writes the postmortem of an incident (one per incident: a second is POSTMORTEM_ALREADY_EXISTS with details.existingId).',
  })
  async createPostmortem(@Args('input') input: CreatePostmortemInput, @Context() ctx: RequestContext): Promise<Postmortem> {
    return toPostmortem(await this.service.create(input, actorOf(ctx)));
  }

  @RequiresRole('responder')
  @Mutation(() => Postmortem, { description: 'Edits sections and/or moves the status; a PUBLISHED postmortem is frozen (POSTMORTEM_PUBLISHED).' })
  async updatePostmortem(
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdatePostmortemInput,
    @Context() ctx: RequestContext,
  ): Promise<Postmortem> {
    return toPostmortem(await this.service.update(id, input, actorOf(ctx)));
  }

  @ResolveField(() => [ActionItem], { description: 'In the order they were added.' })
  async actionItems(@Parent() postmortem: Postmortem, @Context() ctx: RequestContext): Promise<ActionItem[]> {
    const loader = ctx.loaders.get('postmortem.actionItems', (ids: readonly string[]) => this.actionItemsService.byPostmortems(ids));
    const now = new Date();
    return (await loader.load(postmortem.id)).map((row) => toActionItem(row, this.actionItemsService.timeZone, now));
  }

  @ResolveField(() => Incident)
  incident(@Parent() postmortem: Postmortem): Incident {
    return { id: postmortem.incidentId };
  }
}
