import { Field, Float, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsNumber, IsOptional, IsString, IsUrl, Max, MaxLength, Min, ValidateNested } from 'class-validator';

@ObjectType('EscalationLevel')
@InputType('EscalationLevelInput')
export class EscalationLevelModel {
  @Field(() => Float, { description: 'Minutes after the previous level (the first: after the start); fractions allowed.' })
  @IsNumber()
  @Min(0, { message: 'delayMinutes must not be negative' })
  @Max(1440, { message: 'delayMinutes must be at most 1440 (a day)' })
  delayMinutes: number;

  @Field(() => [String], { defaultValue: [], description: 'Schedules whose on-call people are paged.' })
  @IsArray()
  @ArrayMaxSize(20)
  schedules: string[];

  @Field(() => [String], { defaultValue: [], description: 'People paged directly.' })
  @IsArray()
  @ArrayMaxSize(50)
  users: string[];
}

@InputType()
export class EscalationPolicyInput {
  @Field(() => String)
  @IsString()
  @MaxLength(100)
  name: string;

  @Field(() => [EscalationLevelModel])
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => EscalationLevelModel)
  levels: EscalationLevelModel[];

  @Field(() => Int, { defaultValue: 0, description: 'How many times the levels run again after the last (0–5).' })
  @Min(0, { message: 'repeat must be from 0 to 5' })
  @Max(5, { message: 'repeat must be from 0 to 5' })
  repeat: number;

  @Field(() => [String], { defaultValue: [] })
  @IsArray()
  services: string[];

  @Field(() => String, { nullable: true, description: 'A Slack-compatible webhook for this policy\'s pages (default NOTIFY_WEBHOOK_URL).' })
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true }, { message: 'webhookUrl must be an http(s) URL' })
  webhookUrl?: string | null;
}

@ObjectType({ description: 'Who gets paged, in which order, for SEV1/SEV2 incidents of its services.' })
export class EscalationPolicy {
  @Field(() => ID)
  id: string;

  @Field(() => String)
  name: string;

  @Field(() => [EscalationLevelModel])
  levels: EscalationLevelModel[];

  @Field(() => Int)
  repeat: number;

  @Field(() => [String])
  services: string[];

  @Field(() => String, { nullable: true })
  webhookUrl: string | null;
}

@ObjectType({ description: 'One page of an escalation.' })
export class Page {
  @Field(() => Int, { description: '1-based.' })
  level: number;

  @Field(() => Int, { description: '1-based (repeats add rounds).' })
  round: number;

  @Field(() => String)
  target: string;

  @Field(() => String, { description: 'webhook or pagerduty' })
  channel: string;

  @Field(() => String, { description: 'trigger (a page), or acknowledge / resolve: the PagerDuty follow-up once the incident (or alert group) was acknowledged or resolved' })
  action: string;

  @Field(() => String, { description: 'PENDING, SENT or FAILED' })
  outcome: string;

  @Field(() => Int)
  attempts: number;

  @Field(() => String, { nullable: true })
  error: string | null;

  @Field(() => Date, { nullable: true })
  sentAt: Date | null;
}

@ObjectType({ description: 'A policy running for an incident (perhaps started by a critical alert of its Alertmanager group before the incident was declared).' })
export class Escalation {
  @Field(() => ID)
  id: string;

  @Field(() => String)
  policy: string;

  @Field(() => String, { description: 'ACTIVE, STOPPED or EXHAUSTED' })
  status: string;

  @Field(() => String, { nullable: true })
  stopReason: string | null;

  @Field(() => Date)
  startedAt: Date;

  @Field(() => Date, { nullable: true })
  stoppedAt: Date | null;

  @Field(() => [Page])
  pages: Page[];
}
