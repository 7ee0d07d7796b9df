import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { ArrayMaxSize, IsArray, IsBoolean, IsEnum, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { RoadmapItemKind, RoadmapStatus } from '../roadmap.enums';

/** The seed's input: every field optional; relatedAdrIds replaces the set. */
@InputType()
export class UpdateRoadmapItemInput {
  @Field(() => [ID], { nullable: true, description: 'The ADRs this item implements (replaces the set; [] clears it).' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  relatedAdrIds?: string[];

  @Field(() => RoadmapStatus, { nullable: true })
  @IsOptional()
  @IsEnum(RoadmapStatus)
  status?: RoadmapStatus;

  @Field(() => Int, { nullable: true, description: '0–100.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  progressPercentage?: number;

  @Field(() => String, { nullable: true, description: 'https://github.com/<owner>/<repo>/milestone/<n>; "" clears it.' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  githubMilestoneUrl?: string;
}

@InputType()
export class RoadmapItemsFilter {
  @Field(() => [RoadmapStatus], { nullable: true })
  @IsOptional()
  @IsArray()
  @IsEnum(RoadmapStatus, { each: true })
  status?: RoadmapStatus[];

  @Field(() => RoadmapItemKind, { nullable: true, description: 'Default EPIC (stories come as children).' })
  @IsOptional()
  @IsEnum(RoadmapItemKind)
  kind?: RoadmapItemKind;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  owner?: string;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  includeRemoved?: boolean;
}

export const GITHUB_MILESTONE_URL = /^https:\/\/github\.com\/[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+\/milestone\/\d+\/?$/;
