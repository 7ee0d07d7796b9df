import type { AccessRole, AuditOutcome } from '@companyos/contracts';
import { ConnectionType } from '@companyos/platform';
import { Field, ID, ObjectType } from '@nestjs/graphql';
import { GraphQLAccessRole } from '../principals/principal.enums';
import { GraphQLAuditOutcome } from './audit-event.enums';

@ObjectType({ description: 'One line of the audit trail: a mutation, or a denied request.' })
export class AuditEvent {
  @Field(() => ID)
  id: string;

  @Field(() => Date, { description: 'When the request was made.' })
  occurredAt: Date;

  @Field(() => Date, { description: 'When the access app stored the record.' })
  recordedAt: Date;

  @Field(() => String, { nullable: true, description: 'Null when the caller could not be identified.' })
  principalId: string | null;

  @Field(() => String, { nullable: true })
  principalName: string | null;

  @Field(() => GraphQLAccessRole, { nullable: true })
  role: AccessRole | null;

  @Field(() => String, { nullable: true, description: 'How the principal proved who it is: api-token, jwt or service.' })
  via: string | null;

  @Field(() => String, { nullable: true })
  clientIp: string | null;

  @Field(() => String, { description: '`mutation createIncident`, `POST /api/companyos/deployments`, `cli create-api-token`, …' })
  operation: string;

  @Field(() => [String], { description: 'Top-level fields of a GraphQL operation.' })
  fields: string[];

  @Field(() => [String], { description: 'Ids the request named or produced.' })
  targetIds: string[];

  @Field(() => GraphQLAuditOutcome)
  outcome: AuditOutcome;

  @Field(() => String, { nullable: true, description: 'The refusal or error code (FORBIDDEN, …); null when allowed.' })
  code: string | null;

  @Field(() => String, { nullable: true, description: 'Why, in words, when denied or failed.' })
  detail: string | null;
}

export const AuditEventConnection = ConnectionType(AuditEvent, 'AuditEvent');
