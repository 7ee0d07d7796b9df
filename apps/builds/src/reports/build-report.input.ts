import { Field, Float, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDate, IsIn, IsInt, IsOptional, IsString, IsUrl, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { BUILD_CONCLUSIONS, BUILD_STATUSES } from '../runs/build-run.rules';

const CONCLUSIONS = `one of ${BUILD_CONCLUSIONS.join(', ')}`;

@InputType({ description: 'A step of a reported stage.' })
export class StepReportInput {
  @Field(() => Int, { nullable: true, description: 'Defaults to the position in the list, from 1.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100_000)
  number?: number;

  @Field(() => String)
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  name: string;

  @Field(() => String, { nullable: true, description: `GitHub's spelling: ${CONCLUSIONS}. Given means completed.` })
  @IsOptional()
  @IsIn(BUILD_CONCLUSIONS)
  conclusion?: string;

  @Field(() => Date, { nullable: true })
  @IsOptional()
  @IsDate()
  startedAt?: Date;

  @Field(() => Date, { nullable: true })
  @IsOptional()
  @IsDate()
  completedAt?: Date;
}

@InputType({ description: 'A stage (job) of a reported run, with its steps.' })
export class StageReportInput {
  @Field(() => String, { description: 'Unique within the run; a matrix leg is `name (axis, axis)`.' })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  name: string;

  @Field(() => String, { nullable: true, description: `GitHub's spelling: ${CONCLUSIONS}. Given means completed.` })
  @IsOptional()
  @IsIn(BUILD_CONCLUSIONS)
  conclusion?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  runnerName?: string;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  runnerLabels?: string[];

  @Field(() => Date, { nullable: true, description: 'When it was queued.' })
  @IsOptional()
  @IsDate()
  createdAt?: Date;

  @Field(() => Date, { nullable: true })
  @IsOptional()
  @IsDate()
  startedAt?: Date;

  @Field(() => Date, { nullable: true })
  @IsOptional()
  @IsDate()
  completedAt?: Date;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsUrl({ require_tld: false })
  @MaxLength(2000)
  url?: string;

  @Field(() => [StepReportInput], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => StepReportInput)
  steps?: StepReportInput[];
}

@InputType({ description: 'An artifact of a finished run.' })
export class ArtifactInput {
  @Field(() => String)
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  name: string;

  @Field(() => Float, { nullable: true, description: 'Size in bytes.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  sizeBytes?: number;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsUrl({ require_tld: false })
  @MaxLength(2000)
  url?: string;

  @Field(() => String, { nullable: true, description: 'e.g. `sha256:…`.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  checksum?: string;
}

@InputType({ description: "A run another CI (Jenkins, GitLab, CircleCI, …) reports as it starts; send the CI's own runId so a retry is not a second run." })
export class ReportBuildInput {
  @Field(() => String, { description: '`owner/name`.' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  repository: string;

  @Field(() => String, { description: 'The pipeline name.' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  workflow: string;

  @Field(() => String, { nullable: true, description: "The CI's own id of the run (Jenkins BUILD_TAG, GitLab CI_PIPELINE_ID, …); a new one when absent." })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  runId?: string;

  @Field(() => Int, { nullable: true, description: 'Default 1.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  attempt?: number;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  runNumber?: number;

  @Field(() => String, { nullable: true, description: 'What triggered it (`push`, `schedule`, …).' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  event?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  branch?: string;

  @Field(() => String)
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  commitSha: string;

  @Field(() => String, { nullable: true, description: "The repository's default branch (flip rates of tests are read on it)." })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  defaultBranch?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  actor?: string;

  @Field(() => Int, { nullable: true, description: 'Files the change touched (a failure-prediction feature; GitHub webhooks do not say it).' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  changedFiles?: number;

  @Field(() => Int, { nullable: true, description: 'Lines added plus deleted by the change.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  changedLines?: number;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsUrl({ require_tld: false })
  @MaxLength(2000)
  url?: string;

  @Field(() => String, { nullable: true, description: `${BUILD_STATUSES.filter((s) => s !== 'completed').join(', ')}; default in_progress (finish a run with finishBuild).` })
  @IsOptional()
  @IsIn(BUILD_STATUSES.filter((status) => status !== 'completed'))
  status?: string;

  @Field(() => Date, { nullable: true, description: 'When it was queued; default now.' })
  @IsOptional()
  @IsDate()
  createdAt?: Date;

  @Field(() => Date, { nullable: true, description: 'Default: createdAt, when in_progress.' })
  @IsOptional()
  @IsDate()
  startedAt?: Date;

  @Field(() => [StageReportInput], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => StageReportInput)
  stages?: StageReportInput[];
}

@InputType({ description: 'How a reported run ended.' })
export class FinishBuildInput {
  @Field(() => String, { description: `GitHub's spelling: ${CONCLUSIONS}.` })
  @IsIn(BUILD_CONCLUSIONS)
  conclusion: string;

  @Field(() => Date, { nullable: true, description: 'Default now.' })
  @IsOptional()
  @IsDate()
  completedAt?: Date;

  @Field(() => [StageReportInput], { nullable: true, description: 'Stages to add or complete (merged by name).' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => StageReportInput)
  stages?: StageReportInput[];

  @Field(() => [ArtifactInput], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => ArtifactInput)
  artifacts?: ArtifactInput[];
}
