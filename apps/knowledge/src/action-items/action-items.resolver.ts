import { PageArgs, RequiresRole } from '@companyos/platform';
import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { ActionItemInput, ActionItemsFilter, UpdateActionItemInput } from './dto/action-item.input';
import { toActionItem } from './action-item.mapper';
import { ActionItem, ActionItemConnection } from './action-item.model';
import { ActionItemsService } from './action-items.service';

@Resolver(() => ActionItem)
export class ActionItemsResolver {
  constructor(private readonly service: ActionItemsService) {}

  @Query(() => ActionItemConnection, { description: 'Action items of every postmortem, newest first.' })
  actionItems(@Args('filter', { type: () => ActionItemsFilter, nullable: true }) filter: ActionItemsFilter | undefined, @Args() page: PageArgs) {
    return this.service.list(filter, page.first, page.after);
  }

  @RequiresRole('responder')
  @Mutation(() => ActionItem, { description: 'Adds an action item to a postmortem (also to a published one: the follow-up is not part of the frozen record).' })
  async addActionItem(@Args('postmortemId', { type: () => ID }) postmortemId: string, @Args('input') input: ActionItemInput): Promise<ActionItem> {
    return toActionItem(await this.service.add(postmortemId, input), this.service.timeZone);
  }

  @RequiresRole('responder')
  @Mutation(() => ActionItem, { description: 'Changes an action item; NOT_DOING needs a reason (INVALID_ACTION_ITEM_REASON_REQUIRED).' })
  async updateActionItem(@Args('id', { type: () => ID }) id: string, @Args('input') input: UpdateActionItemInput): Promise<ActionItem> {
    return toActionItem(await this.service.update(id, input), this.service.timeZone);
  }
}
