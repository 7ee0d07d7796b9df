import { registerEnumType } from '@nestjs/graphql';

/** AuditOutcome of the contracts, as a GraphQL enum. */
export enum GraphQLAuditOutcome {
  ALLOWED = 'ALLOWED',
  DENIED = 'DENIED',
  FAILED = 'FAILED',
}

registerEnumType(GraphQLAuditOutcome, {
  name: 'AuditOutcome',
  description: 'ALLOWED: done; DENIED: refused before anything ran (401, 403, 429, limits); FAILED: allowed but ended in an error.',
});
