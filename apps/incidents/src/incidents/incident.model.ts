import { ConnectionType, GraphQLJSON } from '@companyos/platform';
import { Directive, Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { IncidentSeverity, IncidentSource, IncidentStatus, TimelineEntryKind } from './incident.enums';

@ObjectType({ description: 'One recorded change of an incident.' })
export class TimelineEntry {
  @Field(() => TimelineEntryKind)
  kind: TimelineEntryKind;

  @Field({ description: 'Who made the change (a person, `github:<login>` or `system`).' })
  actor: string;

  @Field(() => String)
  message: string;

  @Field(() => GraphQLJSON, { description: 'Changed fields as { field: { from, to } }.' })
  changes: Record<string, { from: unknown; to: unknown }>;

  @Field(() => Date)
  at: Date;
}

@ObjectType()
@Directive('@key(fields: "id")')
export class Incident {
  @Field(() => ID)
  id: string;

  @Field(() => Int)
  number: number;

  @Field({ description: 'The human reference, e.g. INC-42.' })
  reference: string;

  @Field(() => String)
  title: string;

  @Field(() => IncidentSeverity)
  severity: IncidentSeverity;

  @Field(() => IncidentStatus)
  status: IncidentStatus;

  @Field(() => String, { nullable: true })
  commander: string | null;

  @Field(() => [String])
  affectedServices: string[];

  @Field(() => Boolean)
  customerImpact: boolean;

  @Field(() => String, { nullable: true })
  impactDescription: string | null;

  @Field(() => IncidentSource)
  source: IncidentSource;

  @Field(() => String, { nullable: true })
  githubIssueUrl: string | null;

  @Field(() => Int, { nullable: true })
  githubIssueNumber: number | null;

  @Field(() => String, { nullable: true, description: 'owner/name of the GitHub repository.' })
  githubRepository: string | null;

  @Field(() => Date)
  startedAt: Date;

  @Field(() => Date, { nullable: true })
  acknowledgedAt: Date | null;

  @Field(() => Date, { nullable: true })
  resolvedAt: Date | null;

  @Field(() => String, { nullable: true })
  resolution: string | null;

  @Field(() => Date)
  updatedAt: Date;
}

export const IncidentConnection = ConnectionType(Incident, 'Incident');
