import { ConnectionType } from '@companyos/platform';
import { Field, ID, ObjectType } from '@nestjs/graphql';
import { PostmortemStatus } from './postmortem.enums';

@ObjectType()
export class PostmortemTimelineEntry {
  @Field(() => Date)
  at: Date;

  @Field(() => String, { description: 'DETECTED, ACKNOWLEDGED, MITIGATED, RESOLVED, or what the authors wrote.' })
  kind: string;

  @Field(() => String)
  description: string;
}

@ObjectType()
export class PostmortemLessons {
  @Field(() => [String])
  wentWell: string[];

  @Field(() => [String])
  wentWrong: string[];

  @Field(() => [String])
  gotLucky: string[];
}

@ObjectType({ description: 'What an incident taught: its causes, its timeline, its lessons and the action items that follow.' })
export class Postmortem {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  incidentId: string;

  @Field(() => String)
  title: string;

  @Field(() => PostmortemStatus)
  status: PostmortemStatus;

  @Field(() => String, { nullable: true })
  summary: string | null;

  @Field(() => String, { nullable: true })
  impact: string | null;

  @Field(() => String, { nullable: true })
  rootCauseAnalysis: string | null;

  @Field(() => [String], { description: 'In order of weight.' })
  contributingFactors: string[];

  @Field(() => String, { nullable: true })
  trigger: string | null;

  @Field(() => String, { nullable: true })
  detection: string | null;

  @Field(() => String, { nullable: true })
  resolution: string | null;

  @Field(() => [String])
  lessonsLearned: string[];

  @Field(() => PostmortemLessons)
  lessons: PostmortemLessons;

  @Field(() => [PostmortemTimelineEntry])
  timeline: PostmortemTimelineEntry[];

  @Field(() => Boolean, { description: 'Drafted by the platform when the incident resolved.' })
  autoDrafted: boolean;

  @Field(() => String)
  createdBy: string;

  @Field(() => Date, { nullable: true })
  publishedAt: Date | null;

  @Field(() => String, { nullable: true })
  publishedBy: string | null;

  @Field(() => Date)
  createdAt: Date;

  @Field(() => Date)
  updatedAt: Date;
}

export const PostmortemConnection = ConnectionType(Postmortem, 'Postmortem');
