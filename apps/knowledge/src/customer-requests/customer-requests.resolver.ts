import { actorOf, PageArgs, RequestContext, RequiresRole } from '@companyos/platform';
import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { toRoadmapItem } from '../roadmap/roadmap-item.mapper';
import { RoadmapItem } from '../roadmap/roadmap-item.model';
import { CreateCustomerRequestInput, CustomerRequestsFilter, UpdateCustomerRequestInput } from './dto/customer-request.input';
import { toCustomerRequest } from './customer-request.mapper';
import { CustomerRequest, CustomerRequestConnection } from './customer-request.model';
import { CustomerRequestsService } from './customer-requests.service';

@Resolver(() => CustomerRequest)
export class CustomerRequestsResolver {
  constructor(private readonly service: CustomerRequestsService) {}

  @Query(() => CustomerRequest, { description: 'One customer request; CUSTOMER_REQUEST_NOT_FOUND if there is none.' })
  async customerRequest(@Args('id', { type: () => ID }) id: string): Promise<CustomerRequest> {
    return toCustomerRequest(await this.service.findById(id));
  }

  @Query(() => CustomerRequestConnection, { description: 'Most voted first, then newest.' })
  customerRequests(@Args('filter', { type: () => CustomerRequestsFilter, nullable: true }) filter: CustomerRequestsFilter | undefined, @Args() page: PageArgs) {
    return this.service.list(filter, page.first, page.after);
  }

  @RequiresRole('responder')
  @Mutation(() => CustomerRequest)
  async createCustomerRequest(@Args('input') input: CreateCustomerRequestInput, @Context() ctx: RequestContext): Promise<CustomerRequest> {
    return toCustomerRequest(await this.service.create(input, actorOf(ctx)));
  }

  @RequiresRole('responder')
  @Mutation(() => CustomerRequest)
  async updateCustomerRequest(@Args('id', { type: () => ID }) id: string, @Args('input') input: UpdateCustomerRequestInput): Promise<CustomerRequest> {
    return toCustomerRequest(await this.service.update(id, input));
  }

  @RequiresRole('responder')
  @Mutation(() => CustomerRequest, { description: "Adds the caller's vote (once per person)." })
  async voteForCustomerRequest(@Args('id', { type: () => ID }) id: string, @Context() ctx: RequestContext): Promise<CustomerRequest> {
    return toCustomerRequest(await this.service.vote(id, actorOf(ctx)));
  }

  @ResolveField(() => [RoadmapItem], { description: 'The roadmap items planned to answer it.' })
  async roadmapItems(@Parent() request: CustomerRequest, @Context() ctx: RequestContext): Promise<RoadmapItem[]> {
    const loader = ctx.loaders.get('customerRequest.roadmapItems', (ids: readonly string[]) => this.service.roadmapItemsOf(ids));
    return (await loader.load(request.id)).map(toRoadmapItem);
  }
}

/** `RoadmapItem.customerRequests`: the demand behind an epic. */
@Resolver(() => RoadmapItem)
export class RoadmapItemDemandResolver {
  constructor(private readonly service: CustomerRequestsService) {}

  @ResolveField(() => [CustomerRequest], { description: 'Customer requests this item answers, most voted first.' })
  async customerRequests(@Parent() item: RoadmapItem, @Context() ctx: RequestContext): Promise<CustomerRequest[]> {
    const loader = ctx.loaders.get('roadmapItem.customerRequests', (ids: readonly string[]) => this.service.byRoadmapItems(ids));
    return (await loader.load(item.id)).map(toCustomerRequest);
  }
}
