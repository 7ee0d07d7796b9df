import { roleAtLeast } from '@companyos/contracts';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Request } from 'express';
import { GraphQLError, GraphQLFormattedError, Kind } from 'graphql';
import type { AuditTrail } from '../audit/audit-trail';
import { targetIdsOf } from '../audit/audit-targets';
import { requiredRole, RoleMap } from './access-policy';

/** The gateway's GraphQL context: the HTTP request, which authentication gave a principal. */
export interface GatewayContext {
  req: Request;
}

/** Codes of requests refused before anything ran. */
const REFUSALS = new Set(['UNAUTHENTICATED', 'FORBIDDEN']);

/**
 * Checks every operation against the principal's role before any subgraph
 * is asked (403 FORBIDDEN naming the field and the role it needs), and
 * records every mutation and every refused operation in the audit trail.
 */
export function authorizationPlugin(roles: RoleMap, audit: AuditTrail): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, document, operation, schema }) {
          const principal = contextValue.req.principal;
          if (!principal) throw new GraphQLError('no credentials were checked for this request', { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
          if (!operation) return;
          const need = requiredRole(schema, document, operation, roles);
          if (!roleAtLeast(principal.role, need.role)) {
            throw new GraphQLError(`${need.field} requires the ${need.role} role; ${principal.name} has the ${principal.role} role`, {
              extensions: { code: 'FORBIDDEN', http: { status: 403 } },
            });
          }
        },

        async willSendResponse({ contextValue, operation, request, response }) {
          const body = response.body.kind === 'single' ? response.body.singleResult : undefined;
          const refusal = body?.errors?.find(isRefusal);
          if (!refusal && operation?.operation !== 'mutation') return;
          const fields = operation?.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD ? [s.name.value] : [])) ?? [];
          const failure = body?.errors?.[0];
          await audit.record(contextValue.req, {
            operation: `${operation?.operation ?? 'graphql'} ${operation?.name?.value ?? request.operationName ?? 'anonymous'}`,
            fields,
            targetIds: operation ? targetIdsOf(operation, request.variables, body?.data) : [],
            outcome: refusal ? 'DENIED' : failure ? 'FAILED' : 'ALLOWED',
            code: String((refusal ?? failure)?.extensions?.code ?? '') || null,
            detail: (refusal ?? failure)?.message ?? null,
          });
        },
      };
    },
  };
}

/** A refusal: no or too low a role, or an operation over the query limits. */
const isRefusal = (error: GraphQLFormattedError) => REFUSALS.has(String(error.extensions?.code)) || error.extensions?.limit !== undefined;
