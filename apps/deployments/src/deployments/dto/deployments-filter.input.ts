import { Field, InputType } from '@nestjs/graphql';
import { IsArray, IsDate, IsEnum, IsOptional, IsString } from 'class-validator';
import { DeploymentEnvironment, DeploymentStatus } from '../deployment.enums';

@InputType()
export class DeploymentsFilter {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  serviceName?: string;

  @Field(() => [DeploymentEnvironment], { nullable: true })
  @IsOptional()
  @IsArray()
  @IsEnum(DeploymentEnvironment, { each: true })
  environment?: DeploymentEnvironment[];

  @Field(() => [DeploymentStatus], { nullable: true })
  @IsOptional()
  @IsArray()
  @IsEnum(DeploymentStatus, { each: true })
  status?: DeploymentStatus[];

  @Field(() => Date, { nullable: true, description: 'Started at or after.' })
  @IsOptional()
  @IsDate()
  startedAfter?: Date;

  @Field(() => Date, { nullable: true, description: 'Started before.' })
  @IsOptional()
  @IsDate()
  startedBefore?: Date;
}

@InputType()
export class DeploymentStatsFilter {
  @Field(() => String, { nullable: true, description: 'Default: every service.' })
  @IsOptional()
  @IsString()
  serviceName?: string;

  @Field(() => DeploymentEnvironment, { nullable: true, description: 'Default: every environment.' })
  @IsOptional()
  @IsEnum(DeploymentEnvironment)
  environment?: DeploymentEnvironment;

  @Field(() => Date, { nullable: true, description: 'Default: 30 days before `to`.' })
  @IsOptional()
  @IsDate()
  from?: Date;

  @Field(() => Date, { nullable: true, description: 'Default: now.' })
  @IsOptional()
  @IsDate()
  to?: Date;
}
