import { Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDate, IsEnum, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { ActionItemInput } from '../../action-items/dto/action-item.input';
import { PostmortemStatus } from '../postmortem.enums';

const TEXT = 20_000;
const ITEMS = 100;

@InputType()
export class PostmortemLessonsInput {
  @Field(() => [String], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(ITEMS)
  @IsString({ each: true })
  @MaxLength(TEXT, { each: true })
  wentWell?: string[];

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(ITEMS)
  @IsString({ each: true })
  @MaxLength(TEXT, { each: true })
  wentWrong?: string[];

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(ITEMS)
  @IsString({ each: true })
  @MaxLength(TEXT, { each: true })
  gotLucky?: string[];
}

@InputType()
export class PostmortemTimelineEntryInput {
  @Field(() => Date)
  @IsDate()
  at: Date;

  @Field(() => String)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  kind: string;

  @Field(() => String)
  @IsString()
  @MaxLength(TEXT)
  description: string;
}

/** The sections a person writes; every one optional on update. */
@InputType({ isAbstract: true })
export class PostmortemSectionsInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  summary?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  impact?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  rootCauseAnalysis?: string;

  @Field(() => [String], { nullable: true, description: 'In order of weight.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(ITEMS)
  @IsString({ each: true })
  @MaxLength(TEXT, { each: true })
  contributingFactors?: string[];

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  trigger?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  detection?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  resolution?: string;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(ITEMS)
  @IsString({ each: true })
  @MaxLength(TEXT, { each: true })
  lessonsLearned?: string[];

  @Field(() => PostmortemLessonsInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => PostmortemLessonsInput)
  lessons?: PostmortemLessonsInput;

  @Field(() => [PostmortemTimelineEntryInput], { nullable: true, description: 'Replaces the whole timeline.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => PostmortemTimelineEntryInput)
  timeline?: PostmortemTimelineEntryInput[];
}

@InputType()
export class CreatePostmortemInput extends PostmortemSectionsInput {
  @Field(() => ID)
  @IsUUID(undefined, { message: 'incidentId must be an incident id (a UUID)' })
  incidentId: string;

  @Field(() => String)
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  title: string;

  @Field(() => [ActionItemInput], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(ITEMS)
  @ValidateNested({ each: true })
  @Type(() => ActionItemInput)
  actionItems?: ActionItemInput[];
}

@InputType()
export class UpdatePostmortemInput extends PostmortemSectionsInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  title?: string;

  @Field(() => PostmortemStatus, { nullable: true })
  @IsOptional()
  @IsEnum(PostmortemStatus)
  status?: PostmortemStatus;
}

@InputType()
export class PostmortemsFilter {
  @Field(() => [PostmortemStatus], { nullable: true })
  @IsOptional()
  @IsArray()
  @IsEnum(PostmortemStatus, { each: true })
  status?: PostmortemStatus[];

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  incidentId?: string;
}
