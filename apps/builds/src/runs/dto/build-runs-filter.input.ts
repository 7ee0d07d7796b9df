import { Field, InputType } from '@nestjs/graphql';
import { IsOptional, IsString, MaxLength } from 'class-validator';

@InputType()
export class BuildRunsFilter {
  @Field(() => String, { nullable: true, description: '`owner/name`.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  repository?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  workflow?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  branch?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  commitSha?: string;

  @Field(() => String, { nullable: true, description: 'As the CI says it, e.g. `completed`.' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  status?: string;
}
