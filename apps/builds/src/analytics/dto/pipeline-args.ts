import { ArgsType, Field, Int } from '@nestjs/graphql';
import { IsDate, IsEnum, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { Granularity } from '../pipeline-stats.model';

@ArgsType()
class PipelineWindowArgs {
  @Field(() => String, { description: '`owner/name`.' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  repository: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  workflow?: string;

  @Field(() => Date, { description: 'Start of the period (runs completed from then); at most 366 days before `to`.' })
  @IsDate()
  from: Date;

  @Field(() => Date, { description: 'End of the period (exclusive).' })
  @IsDate()
  to: Date;
}

@ArgsType()
export class PipelineStatsArgs extends PipelineWindowArgs {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  branch?: string;

  @Field(() => Granularity, { defaultValue: Granularity.DAY })
  @IsEnum(Granularity)
  granularity: Granularity = Granularity.DAY;
}

@ArgsType()
export class BottlenecksArgs extends PipelineWindowArgs {
  @Field(() => Int, { defaultValue: 10, description: 'How many jobs and steps (1–50).' })
  @IsInt()
  @Min(1)
  @Max(50)
  first: number = 10;
}
