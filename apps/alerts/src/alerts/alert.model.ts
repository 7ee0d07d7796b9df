import { ConnectionType, GraphQLJSON } from '@companyos/platform';
import { Directive, Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { AlertSeverity, AlertStatus } from './alert.enums';

@ObjectType({ description: 'One firing of an alert, as Alertmanager reported it (deduplicated by fingerprint and startsAt).' })
@Directive('@key(fields: "id")')
export class Alert {
  @Field(() => ID)
  id: string;

  @Field(() => String, { description: "Alertmanager's fingerprint of the label set." })
  fingerprint: string;

  @Field(() => String)
  alertName: string;

  @Field(() => AlertSeverity)
  severity: AlertSeverity;

  @Field(() => AlertStatus, { description: 'SILENCED turns back to FIRING once silencedUntil has passed.' })
  status: AlertStatus;

  @Field(() => String, { nullable: true, description: 'From the `service` label, else `job`.' })
  service: string | null;

  @Field(() => GraphQLJSON)
  labels: Record<string, string>;

  @Field(() => GraphQLJSON)
  annotations: Record<string, string>;

  @Field(() => String, { nullable: true })
  summary: string | null;

  @Field(() => String, { nullable: true })
  description: string | null;

  @Field(() => String, { nullable: true })
  runbookUrl: string | null;

  @Field(() => Date)
  startsAt: Date;

  @Field(() => Date, { nullable: true })
  endsAt: Date | null;

  @Field(() => String, { nullable: true })
  generatorURL: string | null;

  @Field(() => String, { description: "Alertmanager's group key of the last notification that carried it." })
  groupKey: string;

  @Field(() => Date)
  firstReceivedAt: Date;

  @Field(() => Date)
  lastReceivedAt: Date;

  @Field(() => Int, { description: 'How many notifications carried this alert.' })
  receiveCount: number;

  @Field(() => String, { nullable: true })
  acknowledgedBy: string | null;

  @Field(() => Date, { nullable: true })
  acknowledgedAt: Date | null;

  @Field(() => Date, { nullable: true })
  silencedUntil: Date | null;

  @Field(() => Date, { nullable: true })
  resolvedAt: Date | null;

  @Field(() => String, { nullable: true })
  resolvedBy: string | null;

  /** Resolved into `incident` as an entity reference. */
  incidentId: string | null;
}

export const AlertConnection = ConnectionType(Alert, 'Alert');
