import { principalOf, RequestContext } from '@companyos/platform';
import { Context, Query, Resolver } from '@nestjs/graphql';
import { Principal } from './principal.model';

@Resolver(() => Principal)
export class PrincipalsResolver {
  @Query(() => Principal, { description: 'The principal this request acts as (as the gateway signed it).' })
  whoami(@Context() ctx: RequestContext): Principal {
    // The roles guard has refused any request without a signed principal before this runs.
    const { id, name, role } = principalOf(ctx.req)!;
    return { id, name, role };
  }
}
