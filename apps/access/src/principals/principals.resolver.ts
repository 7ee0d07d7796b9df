import { DomainError, ErrorKind, principalOf, RequestContext } from '@companyos/platform';
import { Context, Query, Resolver } from '@nestjs/graphql';
import { Principal } from './principal.model';

@Resolver(() => Principal)
export class PrincipalsResolver {
  @Query(() => Principal, { description: 'The principal this request acts as (as the gateway signed it).' })
  whoami(@Context() ctx: RequestContext): Principal {
    const principal = principalOf(ctx.req);
    if (!principal) throw new DomainError('UNAUTHENTICATED', 'this request names no principal', ErrorKind.Unauthenticated);
    return { id: principal.id, name: principal.name, role: principal.role };
  }
}
