import { ConnectionType } from '@companyos/platform';
import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { RoadmapItemKind, RoadmapStatus } from './roadmap.enums';

@ObjectType({ description: 'An epic (with its stories as children) or a story of the roadmap.' })
export class RoadmapItem {
  @Field(() => ID)
  id: string;

  @Field(() => String, { description: "The backlog's id (E-001)." })
  key: string;

  @Field(() => RoadmapItemKind)
  kind: RoadmapItemKind;

  @Field(() => String)
  title: string;

  @Field(() => String, { nullable: true })
  priority: string | null;

  @Field(() => String, { nullable: true })
  owner: string | null;

  @Field(() => [String], { description: 'Backlog ids this depends on.' })
  dependsOn: string[];

  @Field(() => [String])
  acceptanceCriteria: string[];

  @Field(() => RoadmapStatus)
  status: RoadmapStatus;

  @Field(() => Int, { description: '0–100.' })
  progressPercentage: number;

  @Field(() => String, { nullable: true })
  githubMilestoneUrl: string | null;

  @Field(() => Date, { nullable: true })
  removedAt: Date | null;

  @Field(() => Date)
  updatedAt: Date;

  parentId: string | null;
}

@ObjectType()
export class RoadmapSyncResult {
  @Field(() => String)
  file: string;

  @Field(() => String, { nullable: true })
  version: string | null;

  @Field(() => Int)
  epics: number;

  @Field(() => Int)
  stories: number;

  @Field(() => Int)
  created: number;

  @Field(() => Int)
  updated: number;

  @Field(() => Int, { description: 'Items no longer in the backlog (kept, marked removedAt).' })
  removed: number;
}

export const RoadmapItemConnection = ConnectionType(RoadmapItem, 'RoadmapItem');
