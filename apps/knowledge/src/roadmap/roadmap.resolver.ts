import { PageArgs, RequestContext, RequiresRole } from '@companyos/platform';
import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { toAdr } from '../adrs/adr.mapper';
import { Adr } from '../adrs/adr.model';
import { RoadmapItemsFilter, UpdateRoadmapItemInput } from './dto/roadmap.input';
import { toRoadmapItem } from './roadmap-item.mapper';
import { RoadmapItem, RoadmapItemConnection, RoadmapSyncResult } from './roadmap-item.model';
import { RoadmapService } from './roadmap.service';

@Resolver(() => RoadmapItem)
export class RoadmapResolver {
  constructor(private readonly service: RoadmapService) {}

  @Query(() => RoadmapItem, { description: "One roadmap item by id or backlog key (E-001); ROADMAP_ITEM_NOT_FOUND if there is none." })
  async roadmapItem(@Args('id', { type: () => ID }) id: string): Promise<RoadmapItem> {
    return toRoadmapItem(await this.service.findById(id));
  }

  @Query(() => RoadmapItemConnection, { description: 'Epics (their stories as children) in backlog order, unless filter.kind says STORY.' })
  roadmapItems(@Args('filter', { type: () => RoadmapItemsFilter, nullable: true }) filter: RoadmapItemsFilter | undefined, @Args() page: PageArgs) {
    return this.service.list(filter, page.first, page.after);
  }

  @RequiresRole('responder')
  @Mutation(() => RoadmapItem, { description: "The seed's mutation: links ADRs, sets status, progress and the GitHub milestone." })
  async updateRoadmapItem(@Args('id', { type: () => ID }) id: string, @Args('input') input: UpdateRoadmapItemInput): Promise<RoadmapItem> {
    return toRoadmapItem(await this.service.update(id, input));
  }

  @RequiresRole('admin')
  @Mutation(() => RoadmapSyncResult, { description: 'Reads ROADMAP_FILE (POST /api/companyos/roadmap/sync).' })
  syncRoadmap(): Promise<RoadmapSyncResult> {
    return this.service.sync();
  }

  @ResolveField(() => [RoadmapItem], { description: "An epic's stories, in backlog order." })
  async children(@Parent() item: RoadmapItem, @Context() ctx: RequestContext): Promise<RoadmapItem[]> {
    const loader = ctx.loaders.get('roadmap.children', (ids: readonly string[]) => this.service.childrenOf(ids));
    return (await loader.load(item.id)).map(toRoadmapItem);
  }

  @ResolveField(() => RoadmapItem, { nullable: true, description: "A story's epic." })
  async parent(@Parent() item: RoadmapItem): Promise<RoadmapItem | null> {
    return item.parentId ? toRoadmapItem(await this.service.findById(item.parentId)) : null;
  }

  @ResolveField(() => [Adr], { description: 'The ADRs this item implements, by number.' })
  async relatedAdrs(@Parent() item: RoadmapItem, @Context() ctx: RequestContext): Promise<Adr[]> {
    const loader = ctx.loaders.get('roadmap.relatedAdrs', (ids: readonly string[]) => this.service.relatedAdrsOf(ids));
    return (await loader.load(item.id)).map(toAdr);
  }
}
