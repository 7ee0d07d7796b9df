import { registerEnumType } from '@nestjs/graphql';

/**
 * AccessRole as the graph spells it (VIEWER, RESPONDER, ADMIN); the values
 * are the lower-case roles that are stored and signed (`viewer`, …).
 */
export enum GraphQLAccessRole {
  VIEWER = 'viewer',
  RESPONDER = 'responder',
  ADMIN = 'admin',
}

registerEnumType(GraphQLAccessRole, {
  name: 'AccessRole',
  description: 'What a principal may do, lowest first: VIEWER reads, RESPONDER also works incidents, alerts and deployments, ADMIN also manages configuration and API tokens and reads the audit log.',
});
