import { AccessRole, roleAtLeast } from '@companyos/contracts';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlContextType, RESOLVER_REFERENCE_METADATA } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { DomainError, ErrorKind } from '../errors/domain-error';
import type { RequestContext } from '../graphql/request-context';
import { REQUIRED_ROLE_METADATA } from './requires-role';

/**
 * A subgraph's check of every resolver against the signed principal's role
 * (the gateway checks first; this holds for any caller holding the secret):
 * root queries and mutations, fields (@ResolveField) and entity references
 * (@ResolveReference, what `_entities` runs), as the subgraph helper turns
 * guards on for field resolvers too.
 *
 * The least role is the resolver's RequiresRole (else its class's). A
 * mutation without one is refused (it fails closed); a query, a field or an
 * entity reference without one needs `viewer`: they are reads, and fields
 * other subgraphs contribute to a shared entity must stay readable to every
 * role that can read the entity. A field that reveals more than its type
 * does declares its own role.
 */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType<GqlContextType>() !== 'graphql') return true;
    const isReference = this.reflector.get<boolean | undefined>(RESOLVER_REFERENCE_METADATA, context.getHandler()) === true;
    // Resolvers get (parent, args, context, info); entity references get (reference, context, info).
    const args = context.getArgs();
    const [gqlContext, info] = (isReference ? [args[1], args[2]] : [args[2], args[3]]) as [RequestContext | undefined, GraphQLResolveInfo | undefined];
    const typeName = (args[0] as { __typename?: unknown } | undefined)?.__typename;
    const field = isReference
      ? `${typeof typeName === 'string' ? typeName : context.getClass().name} (entity reference)`
      : info?.parentType
        ? `${info.parentType.name}.${info.fieldName}`
        : `${context.getClass().name}.${context.getHandler().name}`;
    const declared = this.reflector.getAllAndOverride<AccessRole | undefined>(REQUIRED_ROLE_METADATA, [context.getHandler(), context.getClass()]);
    if (!declared && !isReference && info?.parentType?.name === 'Mutation') {
      throw new DomainError('FORBIDDEN', `${field} declares no role, so nobody may call it`, ErrorKind.Forbidden);
    }
    const required = declared ?? 'viewer';
    const principal = gqlContext?.req?.principal;
    if (!principal) throw new DomainError('UNAUTHENTICATED', `${field} needs a signed principal`, ErrorKind.Unauthenticated);
    if (!roleAtLeast(principal.role, required)) {
      throw new DomainError('FORBIDDEN', `${field} requires the ${required} role; ${principal.name} has ${principal.role}`, ErrorKind.Forbidden);
    }
    return true;
  }
}
