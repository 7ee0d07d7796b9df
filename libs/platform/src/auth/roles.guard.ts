import { AccessRole, roleAtLeast } from '@companyos/contracts';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlContextType, GqlExecutionContext } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { DomainError, ErrorKind } from '../errors/domain-error';
import type { RequestContext } from '../graphql/request-context';
import { REQUIRED_ROLE_METADATA } from './requires-role';

/**
 * A subgraph's check of every resolver against the signed principal's role
 * (the gateway checks first; this holds for any caller holding the secret).
 */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType<GqlContextType>() !== 'graphql') return true;
    const gql = GqlExecutionContext.create(context);
    const info = gql.getInfo<GraphQLResolveInfo | undefined>();
    const field = info?.parentType ? `${info.parentType.name}.${info.fieldName}` : `${context.getClass().name}.${context.getHandler().name}`;
    const declared = this.reflector.getAllAndOverride<AccessRole | undefined>(REQUIRED_ROLE_METADATA, [context.getHandler(), context.getClass()]);
    if (!declared && info?.parentType?.name === 'Mutation') {
      throw new DomainError('FORBIDDEN', `${field} declares no role, so nobody may call it`, ErrorKind.Forbidden);
    }
    const required = declared ?? 'viewer';
    const principal = gql.getContext<RequestContext>().req?.principal;
    if (!principal) throw new DomainError('UNAUTHENTICATED', `${field} needs a signed principal`, ErrorKind.Unauthenticated);
    if (!roleAtLeast(principal.role, required)) {
      throw new DomainError('FORBIDDEN', `${field} requires the ${required} role; ${principal.name} has ${principal.role}`, ErrorKind.Forbidden);
    }
    return true;
  }
}
